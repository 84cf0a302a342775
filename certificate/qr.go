package certificate

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"github.com/boombuler/barcode/qr"
)

// QR code geometry: each module is qrScale pixels wide, and the code has
// the quiet zone of four modules the QR standard requires around it.
const (
	qrScale = 4
	qrQuiet = 4
)

// QRCode returns a PNG image of the QR code of token, for printing or a
// screen: alphanumeric mode (every token character belongs to it),
// error-correction level M (15% of the code may be damaged), four pixels
// per module and a quiet zone of four modules, black on white. A typical
// token gives an image of about 270 to 280 pixels a side.
//
// It accepts any text in the QR code's alphanumeric character set (0-9,
// A-Z, space and $%*+-./:), though it is meant for tokens; other text, or
// text too long for the largest QR code, is an error.
func QRCode(token string) ([]byte, error) {
	m, err := qrModules(token)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, qrImage(m)); err != nil {
		return nil, fmt.Errorf("certificate: qr code: %w", err)
	}
	return buf.Bytes(), nil
}

// qrModules returns the modules of the QR code of text, row by row, true
// for dark.
func qrModules(text string) ([][]bool, error) {
	if text == "" {
		return nil, fmt.Errorf("certificate: qr code: empty text")
	}
	for i := 0; i < len(text); i++ {
		if base45Value(text[i]) < 0 {
			return nil, fmt.Errorf("certificate: qr code: character %q at offset %d is not in the alphanumeric set", text[i], i)
		}
	}
	code, err := qr.Encode(text, qr.M, qr.AlphaNumeric)
	if err != nil {
		return nil, fmt.Errorf("certificate: qr code: %w", err)
	}
	b := code.Bounds()
	m := make([][]bool, b.Dy())
	for y := range m {
		m[y] = make([]bool, b.Dx())
		for x := range m[y] {
			g := color.GrayModel.Convert(code.At(b.Min.X+x, b.Min.Y+y)).(color.Gray)
			m[y][x] = g.Y < 0x80
		}
	}
	return m, nil
}

// qrImage draws the modules with the quiet zone, two colours, so that the
// PNG is one bit per pixel.
func qrImage(m [][]bool) *image.Paletted {
	side := (len(m) + 2*qrQuiet) * qrScale
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	for y, row := range m {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range qrScale {
				off := img.PixOffset((x+qrQuiet)*qrScale, (y+qrQuiet)*qrScale+dy)
				for dx := range qrScale {
					img.Pix[off+dx] = 1
				}
			}
		}
	}
	return img
}
