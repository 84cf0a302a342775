package certificate

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/redact"
)

// ErrUnknownLang is matched by ParseLang's error for a language it does not
// render.
var ErrUnknownLang = errors.New("certificate: unknown language")

// Lang is a language certificates are rendered in: the state language
// (Kazakh, in Cyrillic script), Russian (official), English, and Uzbek (in
// Latin script), the language of the largest group of visa-free visitors
// (docs/legal.md Part A, step 1). The zero Lang is invalid.
type Lang uint8

// The languages. Never reorder; add new ones at the end.
const (
	Kazakh Lang = iota + 1
	Russian
	English
	Uzbek
)

var langNames = names{"", "kk", "ru", "en", "uz"}

// Langs lists every language in order.
func Langs() []Lang { return []Lang{Kazakh, Russian, English, Uzbek} }

// String returns the ISO 639-1 code, e.g. "kk".
func (l Lang) String() string { return langNames.str(uint8(l), "Lang") }

// IsValid reports whether l is one of the languages.
func (l Lang) IsValid() bool { return l >= Kazakh && l <= Uzbek }

// MarshalText returns the ISO 639-1 code, or empty text for the zero Lang.
func (l Lang) MarshalText() ([]byte, error) { return langNames.marshal(uint8(l), "Lang") }

// UnmarshalText accepts what ParseLang accepts, and empty text as the zero
// Lang. On error l is unchanged.
func (l *Lang) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*l = 0
		return nil
	}
	v, err := ParseLang(string(b))
	if err == nil {
		*l = v
	}
	return err
}

// ParseLang reads a BCP 47 language tag by its primary subtag, in any
// case, with "-" or "_" between subtags: "kk", "kk-KZ", "ru_RU", "EN",
// "uz-Latn-UZ". The ISO 639-2 codes "kaz", "rus", "eng" and "uzb" are
// accepted too. Other subtags are ignored: Uzbek is always rendered in
// Latin and Kazakh in Cyrillic script. Any other language is an error
// matching ErrUnknownLang; choose a fallback (Russian is understood most
// widely in Kazakhstan) at the call site.
func ParseLang(s string) (Lang, error) {
	primary, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	switch strings.ToLower(primary) {
	case "kk", "kaz":
		return Kazakh, nil
	case "ru", "rus":
		return Russian, nil
	case "en", "eng":
		return English, nil
	case "uz", "uzb":
		return Uzbek, nil
	}
	return 0, fmt.Errorf("%w %q", ErrUnknownLang, redact.Cut(s, 32))
}

// Output is the form Render writes.
type Output uint8

// The outputs. Never reorder; add new ones at the end.
const (
	// Text is plain UTF-8 text, one field per line, aligned.
	Text Output = iota + 1
	// HTML is a self-contained HTML document with the QR code of the token
	// embedded as a PNG data URI.
	HTML
)

var outputNames = names{"", "text", "html"}

// String returns the stable name, "text" or "html".
func (o Output) String() string { return outputNames.str(uint8(o), "Output") }

// MarshalText returns the stable name, or empty text for the zero value.
func (o Output) MarshalText() ([]byte, error) { return outputNames.marshal(uint8(o), "Output") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (o *Output) UnmarshalText(b []byte) error {
	v, err := outputNames.parse(b, "Output")
	if err == nil {
		*o = Output(v)
	}
	return err
}

// Render writes the certificate for people, in the language lang, as Text
// or HTML. Both show every field of the certificate; HTML adds the QR code
// of its token, which a checker scans to verify it. Dates are written as
// people in the language expect them (03.07.2026; 3 July 2026 in English)
// and the instant of issue in Kazakhstan time.
//
// The errors are a *FieldError (ErrInvalid) for a certificate the encoding
// cannot carry, ErrUnsigned when HTML is asked of an unsigned certificate,
// ErrUnknownLang for an invalid lang, ErrUnknownName for an invalid o, and
// the writer's errors.
func Render(w io.Writer, c Certificate, lang Lang, o Output) error {
	if !lang.IsValid() {
		return fmt.Errorf("%w: %v", ErrUnknownLang, lang)
	}
	if err := c.check(); err != nil {
		return err
	}
	l := labelsFor(lang)
	switch o {
	case Text:
		return renderText(w, c, l)
	case HTML:
		return renderHTML(w, c, l, lang)
	}
	return fmt.Errorf("%w: %v", ErrUnknownName, o)
}

// row is one labelled line of a rendered certificate.
type row struct{ Label, Value string }

func rows(c Certificate, l *labels) []row {
	name := c.Holder.Surname
	if c.Holder.GivenNames != "" {
		name += " " + c.Holder.GivenNames
	}
	host := word(l.hostKinds[:], uint8(c.Host.Kind), c.Host.Kind.String())
	if c.Host.Name != "" {
		host = c.Host.Name + " (" + host + ")"
	}
	kz := c.IssuedAt.In(calendar.KazakhstanZone())
	return []row{
		{l.number, c.Number.String()},
		{l.name, name},
		{l.citizenship, c.Holder.Citizenship},
		{l.document, word(l.documentKinds[:], uint8(c.Holder.DocumentKind), c.Holder.DocumentKind.String()) + " " + c.Holder.DocumentNumber},
		{l.address, c.Address.Line()},
		{l.place, word(l.places[:], uint8(c.Place), c.Place.String())},
		{l.host, host},
		{l.validity, l.date(c.ValidFrom) + " – " + l.date(c.ValidUntil)},
		{l.issued, l.date(calendar.DateOf(kz)) + " " + kz.Format("15:04 (UTC-07:00)")},
		{l.key, c.KeyID},
	}
}

func renderText(w io.Writer, c Certificate, l *labels) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(l.title + "\n")
	bw.WriteString(strings.Repeat("=", utf8.RuneCountInString(l.title)) + "\n\n")
	rs := rows(c, l)
	width := 0
	for _, r := range rs {
		width = max(width, utf8.RuneCountInString(r.Label))
	}
	for _, r := range rs {
		bw.WriteString(r.Label + strings.Repeat(" ", width-utf8.RuneCountInString(r.Label)+2) + r.Value + "\n")
	}
	return bw.Flush()
}

// htmlTemplate is the HTML form. It is parsed on each call, which costs
// little beside the QR code, so the package keeps no state.
const htmlTemplate = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} {{.Number}}</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #000; background: #fff; }
.certificate { max-width: 40em; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
.number { font-family: monospace; font-size: 1.6em; letter-spacing: 0.1em; margin-top: 0; }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 1em 0.25em 0; }
th { font-weight: normal; color: #444; }
figure { margin: 1.5em 0 0 0; }
</style>
</head>
<body>
<main class="certificate">
<h1>{{.Title}}</h1>
<p class="number">{{.Number}}</p>
<table>
{{- range .Rows}}
<tr><th scope="row">{{.Label}}</th><td>{{.Value}}</td></tr>
{{- end}}
</table>
<figure>
<img src="{{.QR}}" width="{{.QRSize}}" height="{{.QRSize}}" alt="{{.QRAlt}}">
<figcaption>{{.Scan}}</figcaption>
</figure>
</main>
</body>
</html>
`

func renderHTML(w io.Writer, c Certificate, l *labels, lang Lang) error {
	token, err := c.Token()
	if err != nil {
		return err
	}
	m, err := qrModules(token)
	if err != nil {
		return err
	}
	png, err := QRCode(token)
	if err != nil {
		return err
	}
	t, err := template.New("certificate").Parse(htmlTemplate)
	if err != nil {
		return fmt.Errorf("certificate: render: %w", err)
	}
	return t.Execute(w, struct {
		Lang, Title, Number, QRAlt, Scan string
		Rows                             []row
		// The data URI is built here from PNG bytes, so it is safe.
		QR     template.URL
		QRSize int
	}{
		Lang: lang.String(), Title: l.title, Number: c.Number.String(), QRAlt: l.qrAlt, Scan: l.scan,
		Rows:   rows(c, l)[1:], // the number is under the title
		QR:     template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)),
		QRSize: (len(m) + 2*qrQuiet) * qrScale,
	})
}

// labels is the text of a certificate in one language. The enum arrays are
// indexed by value; index 0 is unused.
type labels struct {
	title, number, name, citizenship, document, address, place, host string
	validity, issued, key, scan, qrAlt                               string
	documentKinds                                                    [4]string
	places                                                           [6]string
	hostKinds                                                        [7]string
	months                                                           [13]string // English only; empty elsewhere
}

// word returns the translation of an enum value, or its stable name when
// the registration package has gained a value this table lacks.
func word(table []string, v uint8, name string) string {
	if int(v) < len(table) && table[v] != "" {
		return table[v]
	}
	return name
}

// date writes a date as people in the language expect it.
func (l *labels) date(d calendar.Date) string {
	y, m, day := d.Date()
	if l.months[1] != "" {
		return fmt.Sprintf("%d %s %d", day, l.months[m], y)
	}
	return fmt.Sprintf("%02d.%02d.%04d", day, int(m), y)
}

// labelsFor returns the labels of a valid language. Kazakh is written in
// Cyrillic, Uzbek in the Latin alphabet of 1995 (with ʻ and ʼ).
func labelsFor(lang Lang) *labels {
	switch lang {
	case Kazakh:
		return &labels{
			title: "Тіркеу туралы анықтама", number: "Анықтама нөмірі", name: "Тегі, аты",
			citizenship: "Азаматтығы", document: "Құжат", address: "Мекенжайы",
			place: "Тұрғын үй түрі", host: "Қабылдаушы тарап", validity: "Қолданылу мерзімі",
			issued: "Берілген уақыты", key: "Қолтаңба кілті",
			scan:          "Анықтаманың түпнұсқалығын тексеру үшін QR-кодты сканерлеңіз.",
			qrAlt:         "Анықтаманы тексеруге арналған QR-код",
			documentKinds: [4]string{"", "паспорт", "жеке куәлік", "басқа құжат"},
			places:        [6]string{"", "тұрғын үй немесе пәтер", "қонақүй", "жатақхана", "демалыс үйі немесе шипажай", "басқа тұрғын жай"},
			hostKinds:     [7]string{"", "жеке тұлға", "қонақүй", "жатақхана", "демалыс үйі немесе шипажай", "ұйым", "басқа"},
		}
	case Russian:
		return &labels{
			title: "Справка о регистрации", number: "Номер справки", name: "Фамилия, имя",
			citizenship: "Гражданство", document: "Документ", address: "Адрес",
			place: "Вид жилья", host: "Принимающая сторона", validity: "Срок действия",
			issued: "Выдана", key: "Ключ подписи",
			scan:          "Чтобы проверить подлинность справки, отсканируйте QR-код.",
			qrAlt:         "QR-код для проверки справки",
			documentKinds: [4]string{"", "паспорт", "удостоверение личности", "иной документ"},
			places:        [6]string{"", "жилой дом или квартира", "гостиница", "общежитие", "дом отдыха или санаторий", "иное жилое помещение"},
			hostKinds:     [7]string{"", "физическое лицо", "гостиница", "общежитие", "дом отдыха или санаторий", "организация", "иное"},
		}
	case English:
		return &labels{
			title: "Registration certificate", number: "Certificate number", name: "Name",
			citizenship: "Citizenship", document: "Travel document", address: "Address",
			place: "Kind of lodging", host: "Host", validity: "Valid",
			issued: "Issued", key: "Signing key",
			scan:          "Scan the QR code to check that this certificate is genuine.",
			qrAlt:         "QR code for checking the certificate",
			documentKinds: [4]string{"", "passport", "identity card", "other travel document"},
			places:        [6]string{"", "house or flat", "hotel", "dormitory", "rest house or sanatorium", "other lodging"},
			hostKinds:     [7]string{"", "individual", "hotel", "dormitory", "rest house or sanatorium", "organisation", "other"},
			months: [13]string{"", "January", "February", "March", "April", "May", "June", "July",
				"August", "September", "October", "November", "December"},
		}
	}
	return &labels{
		title: "Roʻyxatdan oʻtganlik haqida maʼlumotnoma", number: "Maʼlumotnoma raqami", name: "Familiyasi, ismi",
		citizenship: "Fuqaroligi", document: "Hujjat", address: "Manzil",
		place: "Turar joy turi", host: "Qabul qiluvchi tomon", validity: "Amal qilish muddati",
		issued: "Berilgan vaqti", key: "Imzo kaliti",
		scan:          "Maʼlumotnomaning haqiqiyligini tekshirish uchun QR-kodni skanerlang.",
		qrAlt:         "Maʼlumotnomani tekshirish uchun QR-kod",
		documentKinds: [4]string{"", "pasport", "ID-karta", "boshqa hujjat"},
		places:        [6]string{"", "uy yoki kvartira", "mehmonxona", "yotoqxona", "dam olish uyi yoki sanatoriy", "boshqa turar joy"},
		hostKinds:     [7]string{"", "jismoniy shaxs", "mehmonxona", "yotoqxona", "dam olish uyi yoki sanatoriy", "tashkilot", "boshqa"},
	}
}
