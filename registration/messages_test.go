package registration

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

var (
	msgEN = language.English
	msgRU = language.Russian
	msgKK = language.Kazakh
	msgUZ = language.Make("uz-Latn")
)

// msgVerbs finds the format verbs of a template.
var msgVerbs = regexp.MustCompile(`%(\[\d+\])?[a-z]`)

// msgSameInRussianAndKazakh lists the keys whose Kazakh text may equal the
// Russian one: words the two languages share.
var msgSameInRussianAndKazakh = map[string]bool{
	"document_kind.passport": true,
}

// msgSameAsEnglish lists the keys whose translation may equal the English
// text (proper nouns, international abbreviations). It is empty today; a
// key added here must be one where identical text is right.
var msgSameAsEnglish = map[string]bool{}

func TestMessagesEveryKeyInEveryLanguage(t *testing.T) {
	m := NewMessages()
	keys := m.Keys()
	if len(keys) < 100 {
		t.Fatalf("Keys() has %d keys; want the whole catalog (over 100)", len(keys))
	}
	if got, want := m.Languages(), []language.Tag{msgEN, msgRU, msgKK, msgUZ}; !slices.Equal(got, want) {
		t.Fatalf("Languages() = %v; want %v", got, want)
	}
	for _, key := range keys {
		en, ok := m.Text(msgEN, key)
		if !ok || strings.TrimSpace(en) == "" {
			t.Errorf("Text(en, %q) = %q, %v; want a message", key, en, ok)
			continue
		}
		enVerbs := msgVerbs.FindAllString(en, -1)
		slices.Sort(enVerbs)
		texts := map[language.Tag]string{msgEN: en}
		for _, tag := range m.Languages()[1:] {
			got, ok := m.Text(tag, key)
			texts[tag] = got
			if !ok || strings.TrimSpace(got) == "" {
				t.Errorf("Text(%v, %q) = %q, %v; want a message", tag, key, got, ok)
				continue
			}
			if got == en && !msgSameAsEnglish[key] {
				t.Errorf("Text(%v, %q) = %q, the English text; want a translation", tag, key, got)
			}
			verbs := msgVerbs.FindAllString(got, -1)
			slices.Sort(verbs)
			if !slices.Equal(verbs, enVerbs) {
				t.Errorf("Text(%v, %q) has verbs %v; want those of English, %v", tag, key, verbs, enVerbs)
			}
		}
		if texts[msgKK] == texts[msgRU] && !msgSameInRussianAndKazakh[key] {
			t.Errorf("Text(kk, %q) = %q, the Russian text; want Kazakh", key, texts[msgKK])
		}
		for tag, s := range texts {
			if len(enVerbs) == 0 && strings.Contains(s, "%") {
				t.Errorf("Text(%v, %q) = %q contains %%, which the printer would read as a verb", tag, key, s)
			}
			if s != strings.TrimSpace(s) || strings.HasSuffix(s, ".") {
				t.Errorf("Text(%v, %q) = %q; want no surrounding space and no final full stop", tag, key, s)
			}
		}
	}
}

// TestMessagesScripts checks each language's text is in its script: no
// Cyrillic in English and Uzbek, no Latin letters in Russian and Kazakh
// (outside format verbs), and Uzbek apostrophes as U+02BB and U+02BC.
func TestMessagesScripts(t *testing.T) {
	m := NewMessages()
	for _, key := range m.Keys() {
		for _, tag := range m.Languages() {
			s, _ := m.Text(tag, key)
			plain := msgVerbs.ReplaceAllString(s, "")
			var bad []string
			for _, r := range plain {
				cyr, lat := unicode.Is(unicode.Cyrillic, r), unicode.Is(unicode.Latin, r)
				switch tag {
				case msgEN, msgUZ:
					if cyr {
						bad = append(bad, string(r))
					}
				case msgRU, msgKK:
					if lat {
						bad = append(bad, string(r))
					}
				}
				if tag == msgUZ && (r == '\'' || r == '‘' || r == '’' || r == '`') {
					bad = append(bad, string(r))
				}
				if tag == msgRU && strings.ContainsRune("әғқңөұүһі", unicode.ToLower(r)) {
					bad = append(bad, string(r))
				}
			}
			if len(bad) > 0 {
				t.Errorf("Text(%v, %q) = %q has characters %q foreign to the language's script", tag, key, s, bad)
			}
		}
	}
}

// msgEnumCase is one enum: its stable names (found by trying every
// uint8 value, so a value added to the domain is found here), the key
// prefix and the method under test.
type msgEnumCase struct {
	name   string
	prefix string
	names  func() []string
	text   func(m *Messages, tag language.Tag, v uint8) string
	str    func(v uint8) string
}

// msgStableNames returns the String of every uint8 value that is a stable
// name (not "Type(n)").
func msgStableNames(str func(uint8) string) []string {
	var out []string
	for v := 1; v < 256; v++ {
		if s := str(uint8(v)); !strings.Contains(s, "(") {
			out = append(out, s)
		}
	}
	return out
}

func msgEnums() []msgEnumCase {
	mk := func(name, prefix string, str func(uint8) string, text func(*Messages, language.Tag, uint8) string) msgEnumCase {
		return msgEnumCase{name, prefix, func() []string { return msgStableNames(str) }, text, str}
	}
	return []msgEnumCase{
		mk("State", "state.", func(v uint8) string { return State(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.State(t, State(v)) }),
		mk("Place", "place.", func(v uint8) string { return Place(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.Place(t, Place(v)) }),
		mk("HostKind", "host_kind.", func(v uint8) string { return HostKind(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.HostKind(t, HostKind(v)) }),
		mk("DocumentKind", "document_kind.", func(v uint8) string { return DocumentKind(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.DocumentKind(t, DocumentKind(v)) }),
		mk("ActorKind", "actor.", func(v uint8) string { return ActorKind(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.ActorKind(t, ActorKind(v)) }),
		mk("ReasonCode", "reason.", func(v uint8) string { return ReasonCode(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.ReasonCode(t, ReasonCode(v)) }),
		mk("CommandKind", "command.", func(v uint8) string { return CommandKind(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.CommandKind(t, CommandKind(v)) }),
		mk("EventType", "event.", func(v uint8) string { return EventType(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.EventType(t, EventType(v)) }),
		mk("Regime", "regime.", func(v uint8) string { return Regime(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.Regime(t, Regime(v)) }),
		mk("penalty.Offence", "offence.", func(v uint8) string { return penalty.Offence(v).String() },
			func(m *Messages, t language.Tag, v uint8) string { return m.Offence(t, penalty.Offence(v)) }),
	}
}

// msgWantEnumSizes is the number of values each enum had when the
// messages were written; the enumeration above must find at least these.
var msgWantEnumSizes = map[string]int{
	"State": 8, "Place": 5, "HostKind": 6, "DocumentKind": 3, "ActorKind": 4, "ReasonCode": 6,
	"CommandKind": 8, "EventType": 8, "Regime": 2, "penalty.Offence": 8,
}

func TestMessagesCoverEveryEnumValue(t *testing.T) {
	m := NewMessages()
	for _, c := range msgEnums() {
		names := c.names()
		if len(names) < msgWantEnumSizes[c.name] {
			t.Errorf("%s has %d stable names %v; want at least %d", c.name, len(names), names, msgWantEnumSizes[c.name])
		}
		for _, name := range names {
			key := c.prefix + name
			if _, ok := m.Text(msgEN, key); !ok {
				t.Errorf("%s %q: no message %q", c.name, name, key)
			}
		}
		for v := 1; v < 256; v++ {
			if strings.Contains(c.str(uint8(v)), "(") {
				continue
			}
			for _, tag := range m.Languages() {
				want, _ := m.Text(tag, c.prefix+c.str(uint8(v)))
				if got := c.text(m, tag, uint8(v)); got != want || got == "" {
					t.Errorf("%s(%v, %s(%d)) = %q; want %q", c.name, tag, c.name, v, got, want)
				}
			}
		}
	}
	for _, s := range States() {
		if _, ok := m.Text(msgRU, "state."+s.String()); !ok {
			t.Errorf("States() has %v with no message", s)
		}
	}
}

func TestMessagesUnknownValuesComeBackAsString(t *testing.T) {
	m := NewMessages()
	for _, c := range msgEnums() {
		for _, v := range []uint8{0, 99, 255} {
			got, want := c.text(m, msgRU, v), c.str(v)
			if got != want {
				t.Errorf("%s(ru, %d) = %q; want %q", c.name, v, got, want)
			}
		}
	}
	for _, tt := range []struct {
		give any
		got  string
		want string
	}{
		{Code("no_such_code"), m.Code(msgKK, "no_such_code"), "no_such_code"},
		{Code(""), m.Code(msgKK, ""), ""},
		{"field a.b.c", m.Field(msgKK, "a.b.c"), "a.b.c"},
		{Problem{"a.b", "c"}, m.Problem(msgKK, Problem{"a.b", "c"}), "a.b: c"},
		{Problem{"", CodeRequired}, m.Problem(msgEN, Problem{"", CodeRequired}), "required"},
		{Reason{Code: 0, Note: "n"}, m.Reason(msgEN, Reason{Note: "n"}), "ReasonCode(0): n"},
	} {
		if tt.got != tt.want {
			t.Errorf("text of %#v = %q; want %q", tt.give, tt.got, tt.want)
		}
	}
}

func TestMessagesTexts(t *testing.T) {
	m := NewMessages()
	for _, tt := range []struct {
		tag  language.Tag
		give any
		got  string
		want string
	}{
		{msgEN, Confirmed, m.State(msgEN, Confirmed), "Confirmed"},
		{msgRU, Confirmed, m.State(msgRU, Confirmed), "Подтверждена"},
		{msgKK, Confirmed, m.State(msgKK, Confirmed), "Расталды"},
		{msgUZ, Confirmed, m.State(msgUZ, Confirmed), "Tasdiqlangan"},
		{msgRU, Rejected, m.State(msgRU, Rejected), "Отклонена"},
		{msgRU, Annulled, m.State(msgRU, Annulled), "Аннулирована"},
		{msgRU, Hotel, m.Place(msgRU, Hotel), "Гостиница"},
		{msgKK, HostIndividual, m.HostKind(msgKK, HostIndividual), "Жеке тұлға"},
		{msgUZ, Passport, m.DocumentKind(msgUZ, Passport), "Pasport"},
		{msgRU, ActorHost, m.ActorKind(msgRU, ActorHost), "Принимающая сторона"},
		{msgRU, HostRefusal, m.ReasonCode(msgRU, HostRefusal), "Отказ принимающей стороны"},
		{msgEN, Reason{HostRefusal, "no room"}, m.Reason(msgEN, Reason{HostRefusal, "no room"}), "Refused by the host: no room"},
		{msgKK, CmdConfirm, m.CommandKind(msgKK, CmdConfirm), "Растау"},
		{msgRU, EventConfirmed, m.EventType(msgRU, EventConfirmed), "Регистрация подтверждена"},
		{msgEN, SelfRegistration, m.Regime(msgEN, SelfRegistration), "Registration by the foreigner"},
		{msgRU, penalty.NotRegistered, m.Offence(msgRU, penalty.NotRegistered), "Проживание без регистрации"},
		{msgUZ, CodeRequired, m.Code(msgUZ, CodeRequired), "toʻldirilmagan"},
		{msgEN, "person.document.expiry", m.Field(msgEN, "person.document.expiry"), "Document expiry date"},
		{msgRU, "person.document.expiry", m.Field(msgRU, "person.document.expiry"), "Срок действия документа"},
		{msgRU, Problem{"person.document.expiry", CodeExpiredBeforeEntry},
			m.Problem(msgRU, Problem{"person.document.expiry", CodeExpiredBeforeEntry}),
			"Срок действия документа: истёк до даты въезда"},
		{msgKK, Problem{"entry", CodeInFuture}, m.Problem(msgKK, Problem{"entry", CodeInFuture}), "Кірген күні: күн әлі келмеген"},
	} {
		if tt.got != tt.want {
			t.Errorf("text(%v, %#v) = %q; want %q", tt.tag, tt.give, tt.got, tt.want)
		}
	}
}

func TestMessagesMatch(t *testing.T) {
	m := NewMessages()
	for _, tt := range []struct {
		give []string
		want language.Tag
	}{
		{nil, msgEN},
		{[]string{""}, msgEN},
		{[]string{"fr"}, msgEN},
		{[]string{"en-GB"}, msgEN},
		{[]string{"ru"}, msgRU},
		{[]string{"ru-KZ"}, msgRU},
		{[]string{"kk"}, msgKK},
		{[]string{"kk-KZ"}, msgKK},
		{[]string{"kk_KZ"}, msgKK},
		{[]string{"kk-Latn"}, msgKK}, // the CLDR data alone would give English
		{[]string{"uz"}, msgUZ},
		{[]string{"uz-Latn-UZ"}, msgUZ},
		{[]string{"uz-Cyrl"}, msgUZ}, // the CLDR data alone would give Russian
		{[]string{"ky"}, msgRU},      // CLDR: Kyrgyz readers read Russian
		{[]string{"tg-TJ"}, msgRU},
		{[]string{"uk"}, msgEN},
		{[]string{"tr"}, msgEN},
		{[]string{"de,kk;q=0.9,ru;q=0.8"}, msgKK},
		{[]string{"en-US,en;q=0.9,ru;q=0.8"}, msgEN},
		{[]string{"ru;q=0.5, kk;q=0.9"}, msgKK},
		{[]string{"ru;q=0"}, msgEN},
		{[]string{"*"}, msgEN},
		{[]string{"garbage!!", "uz"}, msgUZ},
		{[]string{"fr", "ru"}, msgRU},
		{[]string{"ru", "kk"}, msgRU},
		{[]string{";;;,,,q=", "\x00\xff"}, msgEN},
	} {
		if got := m.Match(tt.give...); got != tt.want {
			t.Errorf("Match(%q) = %v; want %v", tt.give, got, tt.want)
		}
	}
}

func TestMessagesAnyTagFallsBackToASupportedLanguage(t *testing.T) {
	m := NewMessages()
	for _, tt := range []struct {
		give string
		want string
	}{
		{"fr", "Confirmed"},
		{"und", "Confirmed"},
		{"ru-KZ", "Подтверждена"},
		{"kk-Latn-KZ", "Расталды"},
		{"uz", "Tasdiqlangan"},
		{"uz-Cyrl-UZ", "Tasdiqlangan"},
		{"ky-KG", "Подтверждена"},
	} {
		tag := language.Make(tt.give)
		if got := m.State(tag, Confirmed); got != tt.want {
			t.Errorf("State(%v, Confirmed) = %q; want %q", tag, got, tt.want)
		}
	}
}

// TestMessagesLabelTheValidatorsProblems checks the paths of real
// validation errors, from an empty submission and a bad one.
func TestMessagesLabelTheValidatorsProblems(t *testing.T) {
	m := NewMessages()
	entry := calendar.MustParseDate("2026-07-10")
	bad := Submission{
		ID: "r\x01",
		Person: Person{
			Surname: "Иванов", GivenNames: "Иван", CyrillicSurname: "Ivanov", CyrillicGivenNames: "Ivan",
			CyrillicPatronymic: "Ivanovich", BirthDate: entry.AddDays(1), Citizenship: "ZZZ",
			Document: Document{Kind: 9, Number: "№!", IssuingCountry: "ZZZ", Expiry: entry.AddDays(-1)},
		},
		Host:    Host{Kind: HostIndividual, Name: strings.Repeat("x", 300), Contact: Contact{Phone: "1", Email: "@", App: "\x00"}},
		Address: Address{Region: "\x7f", Unit: strings.Repeat("y", 300), KATO: "12"},
		Place:   99, Entry: entry, MovedFrom: "r\x01", MovedOn: entry.AddDays(-3),
	}
	for _, s := range []Submission{{}, bad} {
		var ve *ValidationError
		if err := s.Validate(); !errors.As(err, &ve) {
			t.Fatalf("Validate() = %v; want a *ValidationError", err)
		}
		for _, p := range ve.Problems {
			if got := m.Field(msgKK, p.Path); got == p.Path {
				t.Errorf("Field(kk, %q) = %q; want a label", p.Path, got)
			}
			if got := m.Code(msgKK, p.Code); got == string(p.Code) {
				t.Errorf("Code(kk, %q) = %q; want a text", p.Code, got)
			}
		}
	}
}

func TestMessagesError(t *testing.T) {
	m := NewMessages()
	ve := &ValidationError{Problems: []Problem{
		{"person.document.expiry", CodeExpiredBeforeEntry},
		{"host.contact", CodeRequired},
	}}
	refusal := &RefusalError{ID: "r-1", Ground: StayLimitViolation,
		Status: stay.Status{LatestExit: calendar.MustParseDate("2026-08-08")}}
	plain := errors.New("store: connection refused")
	for _, tt := range []struct {
		tag  language.Tag
		give error
		want string
	}{
		{msgEN, nil, ""},
		{msgRU, ve, "Срок действия документа: истёк до даты въезда; Контакты принимающей стороны: не заполнено"},
		{msgEN, ve, "Document expiry date: expired before the entry date; Host's contact details: required"},
		{msgUZ, fmt.Errorf("service: %w", ve), "Hujjatning amal qilish muddati: kirish sanasidan oldin tugagan; Qabul qiluvchi tomonning aloqa maʼlumotlari: toʻldirilmagan"},
		{msgRU, &ValidationError{}, "Данные содержат ошибки"},
		{msgRU, &TransitionError{ID: "r-1", From: Withdrawn, Command: CmdConfirm}, "Действие «Подтверждение» недоступно для регистрации в статусе «Отозвана»"},
		{msgEN, &TransitionError{ID: "r-1", From: Withdrawn, Command: CmdConfirm}, "“Confirmation” is not available for a registration in status “Withdrawn”"},
		{msgKK, &TransitionError{ID: "r-1", From: Withdrawn, Command: CmdConfirm}, "«Кері қайтарып алынды» мәртебесіндегі тіркеу үшін «Растау» әрекеті қолжетімсіз"},
		{msgRU, &ForbiddenError{ID: "r-1", Actor: HostActor("h_1"), Command: CmdWithdraw}, "Действие «Отзыв заявления» не разрешено для роли «Принимающая сторона»"},
		{msgUZ, &ForbiddenError{ID: "r-1", Actor: HostActor("h_1"), Command: CmdWithdraw}, "“Qabul qiluvchi tomon” roli uchun “Arizani qaytarib olish” amaliga ruxsat yoʻq"},
		{msgRU, refusal, "В регистрации отказано. Причина: Нарушение срока пребывания. Последний разрешённый день пребывания: 2026-08-08"},
		{msgEN, &RefusalError{ID: "r-1", Ground: FalseData}, "Registration refused. Reason: False or inaccurate data"},
		{msgRU, fmt.Errorf("%w: the host may answer registration r-1 until 2026-07-13", ErrNotDue), "Срок ответа принимающей стороны ещё не истёк"},
		{msgRU, fmt.Errorf("%w: no assessment date", ErrInvalid), "Данные содержат ошибки"},
		{msgKK, ErrInvalidTransition, "Ағымдағы мәртебеде бұл әрекет қолжетімсіз"},
		{msgUZ, ErrForbidden, "Bu amalni bajarishga ruxsatingiz yoʻq"},
		{msgEN, ErrRefused, "Registration refused"},
		{msgRU, fmt.Errorf("%w for an entry on 2019-01-01", ErrNoRules), "На эту дату не действуют правила регистрации"},
		{msgKK, ErrNotRequired, "Қолданыстағы қағидалар бойынша талап етілмейді"},
		{msgRU, fmt.Errorf("%w: no events", ErrCorruptLog), "История регистрации повреждена"},
		{msgUZ, fmt.Errorf("%w: State %q", ErrUnknownName, "x"), "Nomaʼlum qiymat"},
		{msgEN, ErrNotFound, "Registration not found"},
		{msgRU, plain, "store: connection refused"},
		{msgRU, fmt.Errorf("x: %w", plain), "x: store: connection refused"},
	} {
		if got := m.Error(tt.tag, tt.give); got != tt.want {
			t.Errorf("Error(%v, %v) = %q; want %q", tt.tag, tt.give, got, tt.want)
		}
	}
}

// TestMessagesErrorTypedNil checks that typed nil errors, whose own Error
// methods would panic, get the sentinel's text.
func TestMessagesErrorTypedNil(t *testing.T) {
	m := NewMessages()
	for _, tt := range []struct {
		give error
		want string
	}{
		{(*ValidationError)(nil), "Данные содержат ошибки"},
		{(*TransitionError)(nil), "Действие недоступно в текущем статусе"},
		{(*ForbiddenError)(nil), "Недостаточно прав для этого действия"},
		{(*RefusalError)(nil), "В регистрации отказано"},
	} {
		if got := m.Error(msgRU, tt.give); got != tt.want {
			t.Errorf("Error(ru, %T(nil)) = %q; want %q", tt.give, got, tt.want)
		}
	}
}

func TestMessagesEverySentinelHasAText(t *testing.T) {
	m := NewMessages()
	for _, s := range msgSentinels() {
		for _, tag := range m.Languages() {
			want, ok := m.Text(tag, s.key)
			if got := m.Error(tag, s.err); !ok || got != want {
				t.Errorf("Error(%v, %v) = %q; want %q (key %q found: %v)", tag, s.err, got, want, s.key, ok)
			}
		}
	}
}

func TestMessagesZeroValue(t *testing.T) {
	for _, m := range []*Messages{nil, {}} {
		err := &TransitionError{ID: "r-1", From: Withdrawn, Command: CmdConfirm}
		for _, tt := range []struct {
			got, want string
		}{
			{m.State(msgRU, Confirmed), "confirmed"},
			{m.Offence(msgRU, penalty.Overstay), "overstay"},
			{m.Problem(msgRU, Problem{"entry", CodeRequired}), "entry: required"},
			{m.Error(msgRU, err), err.Error()},
			{m.Match("ru").String(), "en"},
		} {
			if tt.got != tt.want {
				t.Errorf("(%#v) text = %q; want %q", m, tt.got, tt.want)
			}
		}
		if _, ok := m.Text(msgRU, "state.confirmed"); ok {
			t.Errorf("(%#v).Text(ru, state.confirmed) found a text; want none", m)
		}
		if got := len(m.Languages()); got != 4 {
			t.Errorf("(%#v).Languages() has %d tags; want 4", m, got)
		}
	}
}

// TestMessagesConcurrentUse checks that one catalog is safe for concurrent
// use, and independent of others built meanwhile (run with -race).
func TestMessagesConcurrentUse(t *testing.T) {
	m := NewMessages()
	want := map[language.Tag]string{}
	for _, tag := range m.Languages() {
		want[tag] = m.Error(tag, &ValidationError{Problems: []Problem{{"entry", CodeInFuture}}})
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := 0; i < 50; i++ {
				tag := m.Languages()[(g+i)%4]
				got := m.Error(tag, &ValidationError{Problems: []Problem{{"entry", CodeInFuture}}})
				if got != want[tag] {
					errs <- fmt.Sprintf("Error(%v, ...) = %q; want %q", tag, got, want[tag])
					return
				}
				_ = m.Match("kk-KZ,ru;q=0.9")
				_ = NewMessages().State(tag, Pending)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
