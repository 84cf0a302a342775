package registration

import (
	"errors"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/migreg/migreg/registration/penalty"
)

// Messages turns the domain's codes into text in English, Russian, Kazakh
// and Uzbek: the domain returns codes (a State, a Code, a ReasonCode, an
// error) and text is produced only on request, at the edge, in the
// reader's language.
//
// The texts live in a golang.org/x/text catalog, one message per stable
// key, and a language.Matcher picks one of the supported languages for any
// requested tag, English being the fallback. Keys are built from the
// stable names the enums marshal to, so they never change when values are
// renumbered: "state.confirmed", "place.hotel", "host_kind.individual",
// "document_kind.passport", "actor.host", "reason.host_refusal",
// "command.confirm", "event.confirmed", "regime.self_registration",
// "code.expired_before_entry", "offence.not_registered",
// "field.person.document.expiry", and "error.<name>" for the errors.
//
// Every method takes any language.Tag and matches it to the supported set
// (see Match). A value the catalog has no text for, such as State(0) or
// State(99), comes back as its String form; nothing panics. A nil or zero
// Messages does the same for every value, so a caller that forgot
// NewMessages still gets the stable names.
//
// A Messages is read-only once NewMessages returns and is safe for
// concurrent use by multiple goroutines. NewMessages is cheap after its
// first call, so a caller may keep one per Service or ask for one per
// request.
type Messages struct {
	// Every Messages from NewMessages shares the values below, built once:
	// nothing writes to them after buildMessages returns, and no method
	// hands them out uncopied.
	tags     []language.Tag // supported, English first
	matcher  language.Matcher
	cat      *catalog.Builder
	printers []*message.Printer // one per tag
	known    map[string]bool
	keys     []string // sorted
}

// The supported languages, in the order of the columns of msgTable.
// English comes first: the matcher falls back to it.
func msgSupported() []language.Tag {
	return []language.Tag{
		language.English,
		language.Russian,
		language.Kazakh,          // Cyrillic, as in Kazakhstan's official use
		language.Make("uz-Latn"), // Latin, the official script of Uzbekistan
	}
}

// NewMessages returns the catalog of every message in every supported
// language. The catalog is built on the first call, which costs a few
// hundred microseconds, and every Messages shares it read-only; a later
// call costs one small allocation, and a caller who overwrites the value
// it got changes no other caller's.
func NewMessages() *Messages {
	m := *sharedMessages()
	return &m
}

// sharedMessages is the catalog every NewMessages copies, built on first
// use. It never changes after it is built.
var sharedMessages = sync.OnceValue(buildMessages)

// buildMessages builds the catalog from msgTable.
func buildMessages() *Messages {
	tags := msgSupported()
	b := catalog.NewBuilder(catalog.Fallback(tags[0]))
	table := append(msgTable(), groupMessages()...)
	m := &Messages{
		tags:    tags,
		matcher: language.NewMatcher(tags),
		cat:     b,
		known:   make(map[string]bool, len(table)),
		keys:    make([]string, 0, len(table)),
	}
	for _, e := range table {
		ok := true
		for i, s := range [...]string{e.en, e.ru, e.kk, e.uz} {
			if s == "" {
				s = e.en // a missing translation shows the English text
			}
			if err := b.SetString(tags[i], e.key, s); err != nil {
				ok = false
			}
		}
		if ok && e.en != "" && !m.known[e.key] {
			m.known[e.key] = true
			m.keys = append(m.keys, e.key)
		}
	}
	sort.Strings(m.keys)
	m.printers = make([]*message.Printer, len(tags))
	for i, t := range tags {
		m.printers[i] = message.NewPrinter(t, message.Catalog(b))
	}
	return m
}

// Languages returns the supported languages, English (the fallback)
// first: en, ru, kk and uz-Latn.
func (m *Messages) Languages() []language.Tag {
	if m == nil || len(m.tags) == 0 {
		return msgSupported()
	}
	return append([]language.Tag(nil), m.tags...)
}

// Keys returns every message key, sorted. Each has a text in every
// supported language.
func (m *Messages) Keys() []string {
	if m == nil {
		return nil
	}
	return append([]string(nil), m.keys...)
}

// Match returns the supported language that best suits the reader. Each
// argument is an Accept-Language header value ("kk-KZ,ru;q=0.9,en;q=0.8")
// or a single tag ("uz-Latn-UZ"); they are tried in order and the first
// that matches wins, English when none does. Malformed input is skipped,
// never an error.
//
// A requested language the catalog has, in any script or region, gets
// that language: "ru-KZ" Russian, "kk-Latn" Kazakh, "uz" and "uz-Cyrl"
// Uzbek (in Latin script). Other languages follow the CLDR matching data
// of golang.org/x/text, which send speakers of several languages of the
// former Soviet Union to Russian (Kyrgyz "ky", Tajik "tg", Turkmen "tk",
// Azerbaijani "az", Belarusian "be", Tatar "tt", Mongolian "mn") and
// everything else, Ukrainian included, to English.
func (m *Messages) Match(accept ...string) language.Tag {
	if m == nil || len(m.tags) == 0 {
		return language.English
	}
	for _, s := range accept {
		desired, _, err := language.ParseAcceptLanguage(s)
		if err != nil || len(desired) == 0 {
			continue
		}
		if i, ok := m.match(desired...); ok {
			return m.tags[i]
		}
	}
	return m.tags[0]
}

// match returns the index of the supported tag for the first desired tag
// that matches. A desired tag whose language is supported is replaced by
// the supported tag itself, so that a script or region never sends a
// Kazakh or Uzbek reader elsewhere (the CLDR data would send "kk-Latn" to
// English and "uz-Cyrl" to Russian).
func (m *Messages) match(desired ...language.Tag) (int, bool) {
	mapped := make([]language.Tag, len(desired))
	for i, t := range desired {
		mapped[i] = t
		b, conf := t.Base()
		if conf != language.Exact {
			continue
		}
		for _, s := range m.tags {
			if sb, _ := s.Base(); sb == b {
				mapped[i] = s
				break
			}
		}
	}
	_, i, conf := m.matcher.Match(mapped...)
	if conf == language.No || i < 0 || i >= len(m.tags) {
		return 0, false
	}
	return i, true
}

// printer returns the printer of the supported language for tag, or nil
// for a zero Messages.
func (m *Messages) printer(tag language.Tag) *message.Printer {
	if m == nil || len(m.printers) == 0 {
		return nil
	}
	i, _ := m.match(tag)
	return m.printers[i]
}

// text returns the message for key in tag's language, or fallback when the
// catalog has no such key.
func (m *Messages) text(tag language.Tag, key, fallback string) string {
	p := m.printer(tag)
	if p == nil || !m.known[key] {
		return fallback
	}
	return p.Sprintf(key)
}

// Text returns the message stored under key in tag's language, and
// whether the key exists. Messages that take arguments (the "error.*"
// templates) are returned as stored, with their %[n]s verbs.
func (m *Messages) Text(tag language.Tag, key string) (string, bool) {
	if m == nil || m.cat == nil || !m.known[key] {
		return "", false
	}
	i, _ := m.match(tag)
	var r msgRaw
	if err := m.cat.Context(m.tags[i], &r).Execute(key); err != nil {
		return "", false
	}
	return r.b.String(), true
}

// msgRaw renders a catalog message as stored, without formatting.
type msgRaw struct{ b strings.Builder }

func (r *msgRaw) Render(s string) { r.b.WriteString(s) }
func (r *msgRaw) Arg(int) any     { return nil }

// State returns the name of a lifecycle state, e.g. "Подтверждена".
func (m *Messages) State(tag language.Tag, s State) string {
	return m.text(tag, "state."+s.String(), s.String())
}

// Place returns the name of a kind of lodging, e.g. "Гостиница".
func (m *Messages) Place(tag language.Tag, p Place) string {
	return m.text(tag, "place."+p.String(), p.String())
}

// HostKind returns the name of a kind of host, e.g. "Жеке тұлға".
func (m *Messages) HostKind(tag language.Tag, k HostKind) string {
	return m.text(tag, "host_kind."+k.String(), k.String())
}

// DocumentKind returns the name of a kind of travel document.
func (m *Messages) DocumentKind(tag language.Tag, k DocumentKind) string {
	return m.text(tag, "document_kind."+k.String(), k.String())
}

// ActorKind returns the name of a role, e.g. "Принимающая сторона".
func (m *Messages) ActorKind(tag language.Tag, k ActorKind) string {
	return m.text(tag, "actor."+k.String(), k.String())
}

// ReasonCode returns the text of a reason code, e.g. "Отказ принимающей
// стороны".
func (m *Messages) ReasonCode(tag language.Tag, c ReasonCode) string {
	return m.text(tag, "reason."+c.String(), c.String())
}

// Reason returns the text of the reason's code and, when the reason has a
// note, ": " and the note as written (notes are not translated).
func (m *Messages) Reason(tag language.Tag, r Reason) string {
	s := m.ReasonCode(tag, r.Code)
	if r.Note != "" {
		s += ": " + r.Note
	}
	return s
}

// CommandKind returns the name of a command as a noun, e.g. "Растау".
func (m *Messages) CommandKind(tag language.Tag, c CommandKind) string {
	return m.text(tag, "command."+c.String(), c.String())
}

// EventType returns the text of an audit-log entry, e.g. "Регистрация
// подтверждена".
func (m *Messages) EventType(tag language.Tag, t EventType) string {
	return m.text(tag, "event."+t.String(), t.String())
}

// Regime returns the name of a registration procedure.
func (m *Messages) Regime(tag language.Tag, g Regime) string {
	return m.text(tag, "regime."+g.String(), g.String())
}

// Offence returns the name of a violation, e.g. "Проживание без
// регистрации".
func (m *Messages) Offence(tag language.Tag, o penalty.Offence) string {
	return m.text(tag, "offence."+o.String(), o.String())
}

// Code returns the text of a problem code. It is a fragment meant to
// follow a field label and starts in lower case, e.g. "истёк до даты
// въезда"; an unknown code comes back unchanged.
func (m *Messages) Code(tag language.Tag, c Code) string {
	return m.text(tag, "code."+string(c), string(c))
}

// Field returns the label of a field path as a form would show it, e.g.
// "Срок действия документа" for "person.document.expiry"; an unknown path
// comes back unchanged.
func (m *Messages) Field(tag language.Tag, path string) string {
	if label, ok := m.memberField(tag, path); ok || path == "" {
		return label
	}
	return m.text(tag, "field."+path, path)
}

// Problem returns the field's label (or its path when no label is known),
// ": " and the code's text, e.g. "Срок действия документа: истёк до даты
// въезда".
func (m *Messages) Problem(tag language.Tag, p Problem) string {
	code := m.Code(tag, p.Code)
	if p.Path == "" {
		return code
	}
	return m.Field(tag, p.Path) + ": " + code
}

// msgSentinels pairs the domain's sentinel errors with their message
// keys, most specific first.
func msgSentinels() []struct {
	err error
	key string
} {
	return []struct {
		err error
		key string
	}{
		{ErrInvalid, "error.invalid"},
		{ErrInvalidTransition, "error.invalid_transition"},
		{ErrForbidden, "error.forbidden"},
		{ErrNotDue, "error.not_due"},
		{ErrTooLate, "error.too_late"},
		{ErrRefused, "error.refused"},
		{ErrNoRules, "error.no_rules"},
		{ErrNotRequired, "error.not_required"},
		{ErrCorruptLog, "error.corrupt_log"},
		{ErrUnknownName, "error.unknown_name"},
		{ErrNotFound, "error.not_found"},
	}
}

// Error returns an error of this package in tag's language, without
// identifiers or personal data:
//
//   - a *ValidationError: every problem (see Problem), joined by "; ";
//   - a *TransitionError: the command and the state that does not allow it;
//   - a *ForbiddenError: the command and the actor's role;
//   - a *RefusalError: the ground and, for a stay-limit violation, the
//     last permitted day of stay;
//   - an error matching ErrInvalid, ErrInvalidTransition, ErrForbidden,
//     ErrNotDue, ErrRefused, ErrNoRules, ErrNotRequired, ErrCorruptLog,
//     ErrUnknownName or ErrNotFound: a sentence for the sentinel.
//
// The errors are found with errors.As and errors.Is, so wrapped errors
// are localized too (the wrapping context is dropped). Any other error
// comes back as err.Error(), and a nil error as "".
func (m *Messages) Error(tag language.Tag, err error) string {
	if err == nil {
		return ""
	}
	p := m.printer(tag)
	if p == nil {
		return err.Error()
	}
	var (
		ve *ValidationError
		te *TransitionError
		fe *ForbiddenError
		re *RefusalError
		de *DeadlineError
	)
	switch {
	case errors.As(err, &ve) && ve != nil && len(ve.Problems) > 0:
		parts := make([]string, len(ve.Problems))
		for i, pr := range ve.Problems {
			parts[i] = m.Problem(tag, pr)
		}
		return strings.Join(parts, "; ")
	case errors.As(err, &te) && te != nil:
		return p.Sprintf("error.transition", m.CommandKind(tag, te.Command), m.State(tag, te.From))
	case errors.As(err, &fe) && fe != nil:
		return p.Sprintf("error.forbidden_actor", m.ActorKind(tag, fe.Actor.Kind), m.CommandKind(tag, fe.Command))
	case errors.As(err, &de) && de != nil:
		return p.Sprintf("error.too_late_until", de.Due.String())
	case errors.As(err, &re) && re != nil:
		if re.Ground == StayLimitViolation && !re.Status.LatestExit.IsZero() {
			return p.Sprintf("error.refusal_stay", m.ReasonCode(tag, re.Ground), re.Status.LatestExit.String())
		}
		return p.Sprintf("error.refusal", m.ReasonCode(tag, re.Ground))
	}
	for _, s := range msgSentinels() {
		if errors.Is(err, s.err) {
			return p.Sprintf(s.key)
		}
	}
	return err.Error()
}

// msgEntry is one message in every supported language, in the order of
// msgSupported. Plain messages must not contain '%': the printer reads
// every message as a format.
type msgEntry struct{ key, en, ru, kk, uz string }

// msgTable returns every message. Conventions:
//
//   - labels are short, as on a form or a status badge, with no final
//     full stop; Russian uses gender-neutral or feminine forms (a
//     "регистрация" is feminine: "подтверждена");
//   - code texts follow a field label after ": " and so start in lower
//     case;
//   - the register is that of the migration police and eGov: Russian
//     "принимающая сторона", Kazakh "қабылдаушы тарап", Uzbek "qabul
//     qiluvchi tomon" for the host;
//   - Kazakh is in Cyrillic; Uzbek in the Latin alphabet of 1995, with
//     U+02BB (ʻ) in oʻ and gʻ and U+02BC (ʼ) for the apostrophe, as
//     Unicode recommends;
//   - quotation marks are «» in Russian and Kazakh, “” in English and
//     Uzbek.
func msgTable() []msgEntry {
	return []msgEntry{
		// Lifecycle states (State).
		{"state.pending", "Awaiting confirmation", "Ожидает подтверждения", "Растауды күтуде", "Tasdiqlash kutilmoqda"},
		{"state.confirmed", "Confirmed", "Подтверждена", "Расталды", "Tasdiqlangan"},
		{"state.rejected", "Rejected", "Отклонена", "Бас тартылды", "Rad etilgan"},
		{"state.withdrawn", "Withdrawn", "Отозвана", "Кері қайтарып алынды", "Qaytarib olingan"},
		{"state.lapsed", "Not confirmed in time", "Не подтверждена в срок", "Мерзімінде расталмады", "Muddatida tasdiqlanmagan"},
		{"state.superseded", "Replaced by a new registration", "Заменена новой регистрацией", "Жаңа тіркеумен ауыстырылды", "Yangi roʻyxatga olish bilan almashtirilgan"},
		{"state.ended", "Ended", "Прекращена", "Тоқтатылды", "Tugatilgan"},
		{"state.annulled", "Annulled", "Аннулирована", "Күші жойылды", "Bekor qilingan"},

		// Kinds of lodging (Place).
		{"place.private_home", "House or flat", "Жилой дом или квартира", "Тұрғын үй немесе пәтер", "Uy yoki kvartira"},
		{"place.hotel", "Hotel", "Гостиница", "Қонақ үй", "Mehmonxona"},
		{"place.dormitory", "Dormitory", "Общежитие", "Жатақхана", "Yotoqxona"},
		{"place.rest_house", "Rest house or sanatorium", "Дом отдыха или санаторий", "Демалыс үйі немесе шипажай", "Dam olish uyi yoki sanatoriy"},
		{"place.other", "Other premises", "Иное помещение", "Өзге үй-жай", "Boshqa turar joy"},

		// Kinds of host (HostKind).
		{"host_kind.individual", "Individual", "Физическое лицо", "Жеке тұлға", "Jismoniy shaxs"},
		{"host_kind.hotel", "Hotel", "Гостиница", "Қонақ үй", "Mehmonxona"},
		{"host_kind.dormitory", "Dormitory", "Общежитие", "Жатақхана", "Yotoqxona"},
		{"host_kind.rest_house", "Rest house or sanatorium", "Дом отдыха или санаторий", "Демалыс үйі немесе шипажай", "Dam olish uyi yoki sanatoriy"},
		{"host_kind.organisation", "Legal entity", "Юридическое лицо", "Заңды тұлға", "Yuridik shaxs"},
		{"host_kind.other", "Other host", "Иная принимающая сторона", "Өзге қабылдаушы тарап", "Boshqa qabul qiluvchi tomon"},

		// Kinds of travel document (DocumentKind).
		{"document_kind.passport", "Passport", "Паспорт", "Паспорт", "Pasport"},
		{"document_kind.id_card", "Identity card", "Удостоверение личности", "Жеке куәлік", "ID-karta"},
		{"document_kind.other", "Other travel document", "Иной документ", "Өзге құжат", "Boshqa hujjat"},

		// Roles (ActorKind).
		{"actor.foreigner", "Foreigner", "Иностранец", "Шетелдік", "Chet el fuqarosi"},
		{"actor.host", "Host", "Принимающая сторона", "Қабылдаушы тарап", "Qabul qiluvchi tomon"},
		{"actor.authority", "Competent authority", "Уполномоченный орган", "Уәкілетті орган", "Vakolatli organ"},
		{"actor.system", "Information system", "Информационная система", "Ақпараттық жүйе", "Axborot tizimi"},

		// Reasons for a refusal, an annulment or an end (ReasonCode).
		{"reason.false_data", "False or inaccurate data", "Недостоверные сведения", "Анық емес мәліметтер", "Notoʻgʻri maʼlumotlar"},
		{"reason.stay_limit_violation", "Permitted stay exceeded", "Нарушение срока пребывания", "Болу мерзімінің бұзылуы", "Boʻlish muddatining buzilishi"},
		{"reason.host_refusal", "Refused by the host", "Отказ принимающей стороны", "Қабылдаушы тараптың бас тартуы", "Qabul qiluvchi tomonning rad etishi"},
		{"reason.departed", "Left Kazakhstan", "Выезд из Казахстана", "Қазақстаннан шығу", "Qozogʻistondan chiqib ketish"},
		{"reason.stay_expired", "Stay or document expired", "Истёк срок пребывания или документа", "Болу немесе құжат мерзімі аяқталды", "Boʻlish yoki hujjat muddati tugadi"},
		{"reason.other", "Other reason", "Иная причина", "Өзге себеп", "Boshqa sabab"},
		{"reason.checked_out", "Checked out by the host", "Выселение (выезд от принимающей стороны)", "Қабылдаушы тараптан шығу", "Qabul qiluvchi tomondan chiqib ketish"},

		// Commands (CommandKind), as nouns.
		{"command.submit", "Submission", "Подача заявления", "Өтініш беру", "Ariza topshirish"},
		{"command.confirm", "Confirmation", "Подтверждение", "Растау", "Tasdiqlash"},
		{"command.reject", "Refusal", "Отказ", "Бас тарту", "Rad etish"},
		{"command.withdraw", "Withdrawal", "Отзыв заявления", "Өтінішті кері қайтарып алу", "Arizani qaytarib olish"},
		{"command.lapse", "Closing as unanswered", "Закрытие без ответа", "Жауапсыз жабу", "Javobsiz yopish"},
		{"command.supersede", "Replacement by a new registration", "Замена новой регистрацией", "Жаңа тіркеумен ауыстыру", "Yangi roʻyxatga olish bilan almashtirish"},
		{"command.end", "Termination", "Прекращение", "Тоқтату", "Tugatish"},
		{"command.annul", "Annulment", "Аннулирование", "Күшін жою", "Bekor qilish"},

		// Audit-log entries (EventType).
		{"event.submitted", "Request submitted", "Заявление подано", "Өтініш берілді", "Ariza topshirildi"},
		{"event.confirmed", "Registration confirmed", "Регистрация подтверждена", "Тіркеу расталды", "Roʻyxatga olish tasdiqlandi"},
		{"event.rejected", "Registration refused", "В регистрации отказано", "Тіркеуден бас тартылды", "Roʻyxatga olish rad etildi"},
		{"event.withdrawn", "Request withdrawn", "Заявление отозвано", "Өтініш кері қайтарып алынды", "Ariza qaytarib olindi"},
		{"event.lapsed", "Request not confirmed in time", "Заявление не подтверждено в срок", "Өтініш мерзімінде расталмады", "Ariza muddatida tasdiqlanmadi"},
		{"event.superseded", "Registration replaced by a new one", "Регистрация заменена новой", "Тіркеу жаңасымен ауыстырылды", "Roʻyxatga olish yangisi bilan almashtirildi"},
		{"event.ended", "Registration ended", "Регистрация прекращена", "Тіркеу тоқтатылды", "Roʻyxatga olish tugatildi"},
		{"event.annulled", "Registration annulled", "Регистрация аннулирована", "Тіркеудің күші жойылды", "Roʻyxatga olish bekor qilindi"},

		// Registration procedures (Regime).
		{"regime.host_notification", "Notification by the host", "Уведомление принимающей стороной", "Қабылдаушы тараптың хабарлауы", "Qabul qiluvchi tomonning xabar berishi"},
		{"regime.self_registration", "Registration by the foreigner", "Регистрация самим иностранцем", "Шетелдіктің өз бетінше тіркелуі", "Chet el fuqarosining oʻzi roʻyxatdan oʻtishi"},

		// Violations (penalty.Offence).
		{"offence.not_registered", "Living without registration", "Проживание без регистрации", "Тіркеусіз тұру", "Roʻyxatdan oʻtmasdan yashash"},
		{"offence.late_reregistration", "Late registration at a new address", "Несвоевременная регистрация по новому адресу", "Жаңа мекенжай бойынша уақтылы тіркелмеу", "Yangi manzil boʻyicha oʻz vaqtida roʻyxatdan oʻtmaslik"},
		{"offence.overstay", "Overstay", "Превышение срока пребывания", "Болу мерзімінен асып кету", "Boʻlish muddatidan oshib ketish"},
		{"offence.host_late_notification", "Late notification by the host", "Несвоевременное уведомление принимающей стороной", "Қабылдаушы тараптың уақтылы хабарламауы", "Qabul qiluvchi tomonning oʻz vaqtida xabar bermasligi"},
		{"offence.host_housing_violator", "Housing a foreigner in breach of the rules", "Предоставление жилья нарушителю правил пребывания", "Болу қағидаларын бұзушыға тұрғын үй беру", "Boʻlish qoidalarini buzgan shaxsga turar joy berish"},
		{"offence.false_data", "Giving false data", "Представление недостоверных сведений", "Анық емес мәліметтер беру", "Notoʻgʻri maʼlumotlar taqdim etish"},
		{"offence.host_late_confirmation", "Late confirmation by the host", "Несвоевременное подтверждение принимающей стороной", "Қабылдаушы тараптың уақтылы растамауы", "Qabul qiluvchi tomonning oʻz vaqtida tasdiqlamasligi"},
		{"offence.court_expulsion", "Offence punishable by expulsion", "Правонарушение, влекущее выдворение", "Шығарып жіберуге әкеп соғатын құқық бұзушылық", "Chiqarib yuborishga olib keluvchi huquqbuzarlik"},

		// Problem codes (Code): fragments that follow a field label.
		{"code.required", "required", "не заполнено", "толтырылмаған", "toʻldirilmagan"},
		{"code.invalid", "invalid value", "некорректное значение", "мән дұрыс емес", "notoʻgʻri qiymat"},
		{"code.too_long", "too long", "слишком длинное значение", "мән тым ұзын", "qiymat juda uzun"},
		{"code.not_latin", "Latin letters only", "только латинскими буквами", "тек латын әріптерімен", "faqat lotin harflarida"},
		{"code.not_cyrillic", "Cyrillic letters only", "только буквами кириллицы", "тек кирилл әріптерімен", "faqat kirill harflarida"},
		{"code.unknown_country", "unknown country code", "неизвестный код страны", "ел коды белгісіз", "nomaʼlum davlat kodi"},
		{"code.not_foreign", "citizens of Kazakhstan are not registered as foreigners", "граждане Казахстана не регистрируются как иностранцы", "Қазақстан азаматтары шетелдік ретінде тіркелмейді", "Qozogʻiston fuqarolari chet el fuqarosi sifatida roʻyxatga olinmaydi"},
		{"code.visa_required", "entry requires a visa", "для въезда требуется виза", "кіру үшін виза қажет", "kirish uchun viza talab qilinadi"},
		{"code.expired_before_entry", "expired before the entry date", "истёк до даты въезда", "кірген күнге дейін аяқталған", "kirish sanasidan oldin tugagan"},
		{"code.expired", "expired", "истёк", "мерзімі өтіп кеткен", "muddati oʻtgan"},
		{"code.after_entry", "later than the entry date", "позже даты въезда", "кірген күннен кейін", "kirish sanasidan keyin"},
		{"code.before_entry", "earlier than the entry date", "раньше даты въезда", "кірген күннен бұрын", "kirish sanasidan oldin"},
		{"code.mismatch", "does not match the other data", "не совпадает с другими данными", "басқа деректерге сәйкес келмейді", "boshqa maʼlumotlarga mos kelmaydi"},
		{"code.not_allowed", "not allowed here", "не допускается", "рұқсат етілмейді", "ruxsat etilmaydi"},
		{"code.in_future", "date has not come yet", "дата ещё не наступила", "күн әлі келмеген", "sana hali kelmagan"},
		{"code.no_rules", "no registration rules for this date", "на эту дату нет правил регистрации", "бұл күнге тіркеу қағидалары жоқ", "bu sana uchun roʻyxatga olish qoidalari yoʻq"},
		{"code.in_past", "date has already passed", "дата уже прошла", "күн өтіп кеткен", "sana allaqachon oʻtgan"},
		{"code.overlaps_trip", "overlaps a trip already recorded", "пересекается с уже учтённой поездкой", "бұрын тіркелген сапармен қиылысады", "avval qayd etilgan safar bilan kesishadi"},

		// Field labels (Problem.Path).
		{"field.id", "Request number", "Номер заявления", "Өтініш нөмірі", "Ariza raqami"},
		{"field.entry", "Entry date", "Дата въезда", "Кірген күні", "Kirish sanasi"},
		{"field.person.surname", "Surname (Latin)", "Фамилия (латиницей)", "Тегі (латынша)", "Familiya (lotincha)"},
		{"field.person.given_names", "Given names (Latin)", "Имя (латиницей)", "Аты (латынша)", "Ism (lotincha)"},
		{"field.person.cyrillic_surname", "Surname (Cyrillic)", "Фамилия (кириллицей)", "Тегі (кириллицамен)", "Familiya (kirillcha)"},
		{"field.person.cyrillic_given_names", "Given names (Cyrillic)", "Имя (кириллицей)", "Аты (кириллицамен)", "Ism (kirillcha)"},
		{"field.person.cyrillic_patronymic", "Patronymic (Cyrillic)", "Отчество (кириллицей)", "Әкесінің аты (кириллицамен)", "Otasining ismi (kirillcha)"},
		{"field.person.birth_date", "Date of birth", "Дата рождения", "Туған күні", "Tugʻilgan sana"},
		{"field.person.sex", "Sex", "Пол", "Жынысы", "Jinsi"},
		{"field.person.citizenship", "Citizenship", "Гражданство", "Азаматтығы", "Fuqaroligi"},
		{"field.person.document.kind", "Document type", "Вид документа", "Құжат түрі", "Hujjat turi"},
		{"field.person.document.number", "Document number", "Номер документа", "Құжат нөмірі", "Hujjat raqami"},
		{"field.person.document.issuing_country", "Issuing country", "Страна выдачи документа", "Құжатты берген ел", "Hujjatni bergan davlat"},
		{"field.person.document.expiry", "Document expiry date", "Срок действия документа", "Құжаттың жарамдылық мерзімі", "Hujjatning amal qilish muddati"},
		{"field.person.iin", "IIN", "ИИН", "ЖСН", "IIN raqami"},
		{"field.host.kind", "Host type", "Тип принимающей стороны", "Қабылдаушы тараптың түрі", "Qabul qiluvchi tomon turi"},
		{"field.host.name", "Host name", "Наименование (ФИО) принимающей стороны", "Қабылдаушы тараптың атауы (аты-жөні)", "Qabul qiluvchi tomonning nomi (F.I.Sh.)"},
		{"field.host.iin", "Host's IIN", "ИИН принимающей стороны", "Қабылдаушы тараптың ЖСН-і", "Qabul qiluvchi tomonning IIN raqami"},
		{"field.host.bin", "Host's BIN", "БИН принимающей стороны", "Қабылдаушы тараптың БСН-і", "Qabul qiluvchi tomonning BIN raqami"},
		{"field.host.size", "Business size", "Категория субъекта предпринимательства", "Кәсіпкерлік субъектісінің санаты", "Tadbirkorlik subyekti toifasi"},
		{"field.host.contact", "Host's contact details", "Контакты принимающей стороны", "Қабылдаушы тараптың байланыс деректері", "Qabul qiluvchi tomonning aloqa maʼlumotlari"},
		{"field.host.contact.phone", "Host's phone", "Телефон принимающей стороны", "Қабылдаушы тараптың телефоны", "Qabul qiluvchi tomonning telefoni"},
		{"field.host.contact.email", "Host's email", "Эл. почта принимающей стороны", "Қабылдаушы тараптың электрондық поштасы", "Qabul qiluvchi tomonning elektron pochtasi"},
		{"field.host.contact.app", "Host's app", "Приложение принимающей стороны", "Қабылдаушы тараптың қосымшасы", "Qabul qiluvchi tomonning ilovasi"},
		{"field.address.region", "Region or city", "Область (город)", "Облыс (қала)", "Viloyat (shahar)"},
		{"field.address.locality", "Locality", "Населённый пункт", "Елді мекен", "Aholi punkti"},
		{"field.address.street", "Street", "Улица", "Көше", "Koʻcha"},
		{"field.address.building", "Building", "Дом", "Үй", "Uy"},
		{"field.address.unit", "Flat or room", "Квартира (комната)", "Пәтер (бөлме)", "Xonadon (xona)"},
		{"field.address.kato", "KATO code", "Код КАТО", "ӘАОЖ коды", "KATO kodi"},
		{"field.place", "Type of lodging", "Вид жилья", "Тұрғын үй түрі", "Turar joy turi"},
		{"field.moved_from", "Previous registration", "Предыдущая регистрация", "Алдыңғы тіркеу", "Oldingi roʻyxatga olish"},
		{"field.foreigner", "Foreigner's ID", "Идентификатор иностранца", "Шетелдіктің идентификаторы", "Chet ellik identifikatori"},
		{"field.host_id", "Host's ID", "Идентификатор принимающей стороны", "Қабылдаушы тараптың идентификаторы", "Qabul qiluvchi tomon identifikatori"},
		{"field.moved_on", "Date of move", "Дата смены адреса", "Мекенжайды ауыстырған күн", "Manzil oʻzgargan sana"},
		{"field.planned_end", "Planned end of stay", "Планируемая дата окончания пребывания", "Болудың жоспарланған аяқталу күні", "Boʻlishning rejalashtirilgan tugash sanasi"},
		{"field.effective_on", "Date it happened", "Дата события", "Оқиға күні", "Voqea sanasi"},
		{"field.submitted_at", "Time of submission", "Время подачи", "Берілген уақыты", "Topshirilgan vaqti"},
		{"field.host_due", "Host's answer deadline", "Срок ответа принимающей стороны", "Қабылдаушы тараптың жауап беру мерзімі", "Qabul qiluvchi tomonning javob berish muddati"},
		{"field.valid_until", "Registration valid until", "Срок действия регистрации", "Тіркеудің қолданылу мерзімі", "Roʻyxatga olishning amal qilish muddati"},
		{"field.submission", "Registration request", "Заявление на регистрацию", "Тіркеуге өтініш", "Roʻyxatga olish uchun ariza"},
		{"field.person", "Personal data", "Личные данные", "Жеке деректер", "Shaxsiy maʼlumotlar"},
		{"field.person.document", "Travel document", "Документ", "Құжат", "Hujjat"},
		{"field.host", "Host", "Принимающая сторона", "Қабылдаушы тарап", "Qabul qiluvchi tomon"},
		{"field.address", "Address", "Адрес", "Мекенжай", "Manzil"},
		{"field.by.kind", "Filed by", "Кем подано", "Кім берді", "Kim topshirdi"},
		{"field.by.id", "Filer's identifier", "Идентификатор подавшего", "Берушінің сәйкестендіргіші", "Topshiruvchining identifikatori"},
		{"field.idempotency_key", "Request key", "Ключ запроса", "Сұрау кілті", "Soʻrov kaliti"},
		{"field.foreigner", "Foreigner", "Иностранец", "Шетелдік", "Chet el fuqarosi"},
		{"field.from", "Previous registration", "Предыдущая регистрация", "Алдыңғы тіркеу", "Oldingi roʻyxatga olish"},
		{"field.on", "Date", "Дата", "Күні", "Sana"},
		{"field.command", "Action", "Действие", "Әрекет", "Amal"},
		{"field.at", "Date and time", "Дата и время", "Күні мен уақыты", "Sana va vaqt"},
		{"field.reason.code", "Reason", "Причина", "Себеп", "Sabab"},
		{"field.reason.note", "Comment on the reason", "Комментарий к причине", "Себепке түсініктеме", "Sababga izoh"},
		{"field.superseded_by", "New registration", "Новая регистрация", "Жаңа тіркеу", "Yangi roʻyxatga olish"},

		// Errors: sentinels, then templates (%[1]s, %[2]s are labels
		// rendered by the other methods, or a date).
		{"error.invalid", "The data contain errors", "Данные содержат ошибки", "Деректерде қателер бар", "Maʼlumotlarda xatolar bor"},
		{"error.invalid_transition", "The action is not available in the current status", "Действие недоступно в текущем статусе", "Ағымдағы мәртебеде бұл әрекет қолжетімсіз", "Joriy holatda bu amalni bajarib boʻlmaydi"},
		{"error.forbidden", "You are not permitted to perform this action", "Недостаточно прав для этого действия", "Бұл әрекетке құқығыңыз жоқ", "Bu amalni bajarishga ruxsatingiz yoʻq"},
		{"error.not_due", "The host's time to answer has not run out yet", "Срок ответа принимающей стороны ещё не истёк", "Қабылдаушы тараптың жауап беру мерзімі әлі өткен жоқ", "Qabul qiluvchi tomonning javob berish muddati hali tugamagan"},
		{"error.too_late", "The host's time to answer has run out", "Срок ответа принимающей стороны истёк", "Қабылдаушы тараптың жауап беру мерзімі өтіп кетті", "Qabul qiluvchi tomonning javob berish muddati tugagan"},
		{"error.too_late_until", "The host's time to answer ran out on %[1]s", "Срок ответа принимающей стороны истёк %[1]s", "Қабылдаушы тараптың жауап беру мерзімі %[1]s өтіп кетті", "Qabul qiluvchi tomonning javob berish muddati %[1]s tugagan"},
		{"error.refused", "Registration refused", "В регистрации отказано", "Тіркеуден бас тартылды", "Roʻyxatga olish rad etildi"},
		{"error.no_rules", "No registration rules apply to this date", "На эту дату не действуют правила регистрации", "Бұл күнге тіркеу қағидалары қолданылмайды", "Bu sanada roʻyxatga olish qoidalari amal qilmaydi"},
		{"error.not_required", "Not required by the rules in force", "Не требуется по действующим правилам", "Қолданыстағы қағидалар бойынша талап етілмейді", "Amaldagi qoidalarga koʻra talab qilinmaydi"},
		{"error.corrupt_log", "The registration history is damaged", "История регистрации повреждена", "Тіркеу тарихы бүлінген", "Roʻyxatga olish tarixi buzilgan"},
		{"error.unknown_name", "Unknown value", "Неизвестное значение", "Белгісіз мән", "Nomaʼlum qiymat"},
		{"error.not_found", "Registration not found", "Регистрация не найдена", "Тіркеу табылмады", "Roʻyxatga olish topilmadi"},
		{"error.transition", "“%[1]s” is not available for a registration in status “%[2]s”", "Действие «%[1]s» недоступно для регистрации в статусе «%[2]s»", "«%[2]s» мәртебесіндегі тіркеу үшін «%[1]s» әрекеті қолжетімсіз", "“%[2]s” holatidagi roʻyxatga olish uchun “%[1]s” amalini bajarib boʻlmaydi"},
		{"error.forbidden_actor", "“%[2]s” is not permitted for the role “%[1]s”", "Действие «%[2]s» не разрешено для роли «%[1]s»", "«%[1]s» рөлі үшін «%[2]s» әрекетіне рұқсат жоқ", "“%[1]s” roli uchun “%[2]s” amaliga ruxsat yoʻq"},
		{"error.refusal", "Registration refused. Reason: %[1]s", "В регистрации отказано. Причина: %[1]s", "Тіркеуден бас тартылды. Себебі: %[1]s", "Roʻyxatga olish rad etildi. Sabab: %[1]s"},
		{"error.refusal_stay", "Registration refused. Reason: %[1]s. Last permitted day of stay: %[2]s", "В регистрации отказано. Причина: %[1]s. Последний разрешённый день пребывания: %[2]s", "Тіркеуден бас тартылды. Себебі: %[1]s. Болуға рұқсат етілген соңғы күн: %[2]s", "Roʻyxatga olish rad etildi. Sabab: %[1]s. Boʻlishga ruxsat etilgan oxirgi kun: %[2]s"},
	}
}
