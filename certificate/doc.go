// Package certificate issues, verifies and renders registration
// certificates (справка о регистрации): the document that appears in a
// foreigner's personal cabinet once the host confirms their registration
// (docs/legal.md Part A, step 4; Part B §6), and that they show to a hotel, a
// landlord, an employer or a police officer. The checker reads the
// [Number] aloud or scans the QR code and verifies the certificate, often
// with no network, from the token in the code alone.
//
// # Issuing
//
// An [Issuer] holds an Ed25519 private key and its key ID. [Issuer.Issue]
// turns a confirmed [registration.Registration] into a signed [Certificate];
// any other state is a [*StateError] matching [ErrNotConfirmed]. Its shape,
//
//	Issue(registration.Registration, time.Time) (certificate.Certificate, error)
//
// is the one-method interface through which the Service issues, so that
// tests can substitute their own. Issuing is deterministic: the same
// registration at the same instant gives the same certificate, signature
// included, and the same registration at any instant the same number
// ([NumberFor]), so a retried request does not multiply certificates.
//
// # What a certificate holds
//
// The published sources do not say what the справка contains (docs/legal.md
// Part B §6, UNCONFIRMED item 2), so it holds what a checker needs: the
// number; the registration's ID and version; the holder's surname and
// given names as in the travel document, citizenship, document kind and
// document number masked to its last three characters; the address and the
// kind of lodging; the host's kind, name and IIN or BIN masked to their
// last four digits; the instant of issue; the first and last day of
// validity (the day of confirmation, and the registration's ValidUntil);
// the key ID; and the format version. The encoding cannot carry more than
// four visible characters of a document number, IIN or BIN, so no
// certificate, token or QR code can leak one in full.
//
// # The canonical encoding, format 1
//
// What is signed is a byte encoding with one form per certificate
// ([Certificate.Encode]). Text is a uvarint byte length and that many bytes
// of UTF-8 (at most 255, without control or bidirectional-control
// characters); a masked number is a uvarint count of hidden characters
// (at most 64) and the visible rest as text (at most 4 characters, not
// starting with "*"); uvarints are minimal (encoding/binary's, with no
// redundant trailing zero groups); enums are one byte, their value. In
// order:
//
//	version              1 byte, 1
//	number               8 bytes, big-endian: the eleven data symbols in base 31
//	                     (below 31¹¹); the check symbol is implied
//	registration ID      text, required
//	registration version uvarint, 1 to 2³¹−1
//	surname              text, required
//	given names          text
//	citizenship          text, required
//	document kind        enum registration.DocumentKind
//	document number      masked, required
//	region, locality,    six texts: registration.Address
//	street, building,
//	unit, KATO
//	place                enum registration.Place
//	host kind            enum registration.HostKind
//	host name            text, required
//	host BIN, host IIN   masked, each empty when absent
//	issued at            uvarint, Unix seconds (UTC, whole seconds)
//	valid from           uvarint, days since 1970-01-01
//	valid until          uvarint, days after valid from
//	key ID               text: 1 to 32 of A-Z a-z 0-9 . - _
//
// The Ed25519 signature covers the 21 bytes "migreg certificate v1" and a
// zero byte, then the encoding: the prefix separates certificate
// signatures from anything else the key might sign, and format 1 from any
// later format. A new format gets a new version byte, token prefix and
// signing prefix; decoders reject versions they do not know.
//
// # The token
//
// [Certificate.Token] is "KZR1:" followed by the base45 form (RFC 9285) of
// the encoding and the 64-byte signature. Base45 uses exactly the 45
// characters of the QR code's alphanumeric mode, which packs them at 5.5
// bits each: a typical token of about 300 characters fits a QR code of
// version 10 or 11 at error-correction level M ([QRCode]). Decoding is
// strict ([DecodeToken]): every byte string has one base45 form and every
// certificate one encoding, so every accepted token re-encodes to itself,
// and a token with any bit changed either fails to decode or fails the
// signature check.
//
// # Verifying
//
// A [Verifier] holds the [KeySet] of trusted public keys and, optionally,
// [Revocations]. [Verifier.Verify] decodes a token and checks, in order:
// the format ([ErrMalformed]), the key ID ([ErrUnknownKey]), the signature
// ([ErrBadSignature]), the date of the check against the period of
// validity ([ErrNotYetValid], [ErrExpired]) and revocation ([ErrRevoked]).
// A certificate is revoked when its registration is superseded or annulled
// ([Revokes]); an offline checker has no revocation list and leaves
// Revocations nil.
//
// Keys rotate by overlap: verifiers trust the new key (KeySet.With) before
// the issuer starts using it, and drop the old one (KeySet.Without) once
// the certificates it signed have expired or been re-issued. A token
// signed by a dropped key fails with ErrUnknownKey.
//
// # Rendering
//
// [Render] writes a certificate as plain text or as a self-contained HTML
// page with the QR code of its token, in Kazakh (Cyrillic script),
// Russian, English or Uzbek (Latin script); [ParseLang] reads a language
// tag.
//
// # Personal data
//
// A certificate carries names and masked numbers only. Its String, every
// fmt verb and its slog LogValue show the given names as initials, and
// LogValue no names at all.
//
// # Concurrency
//
// An Issuer, a KeySet and a Certificate are immutable and safe for
// concurrent use; a Verifier is, when its Revocations is. The package has
// no state.
package certificate
