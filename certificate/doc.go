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
// Part B §6, UNCONFIRMED item 2). A certificate is checked by someone who
// has the person and their travel document in front of them, at an
// address, often offline; it holds what that check needs, and nothing
// that links records or names anyone else:
//
//   - number: what people read aloud and type, and what the online check
//     looks the certificate up by (it is a hash of the registration's ID,
//     which cannot be recovered from it);
//   - surname and given names as in the travel document: to match the
//     person to their document;
//   - citizenship, document kind and the document number masked to its
//     last three characters: to match the certificate to the document
//     shown, when names are common; three characters identify no one;
//   - the address and the kind of lodging: what the certificate certifies,
//     which the checker compares with where they are;
//   - the host's kind, and an organisation's name (a hotel's name is on its
//     door): an individual host is a private person whose name the checker
//     does not need, since the address says where the foreigner lives;
//   - the instant of issue: to check the key was trusted then (a key's
//     period, see [KeySet]);
//   - the first and last day of validity: the period the registration
//     covers, which an offline check enforces;
//   - the key ID and the format version: to pick the key and the decoder.
//
// It carries no registration ID (time-ordered, it would date the request
// and link the certificate to the registration's records), no pseudonym
// of the foreigner or the host, no IIN or BIN (not even their last digits)
// and no contact. The encoding cannot carry more than four visible
// characters of a document number, so no token or QR code can leak one.
//
// # The canonical encoding, format 2
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
//	version              1 byte, 2
//	number               8 bytes, big-endian: the eleven data symbols in base 31
//	                     (below 31¹¹); the check symbol is implied
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
//	host name            text: a hotel's, dormitory's, rest house's or
//	                     organisation's name when it has a BIN; empty for
//	                     one run under its owner's IIN (often named after
//	                     the owner) and for any other kind
//	issued at            uvarint, Unix seconds (UTC, whole seconds)
//	valid from           uvarint, days since 1970-01-01
//	valid until          uvarint, days after valid from
//	key ID               text: 1 to 32 of A-Z a-z 0-9 . - _
//
// The Ed25519 signature covers the 21 bytes "migreg certificate v2" and a
// zero byte, then the encoding: the prefix separates certificate
// signatures from anything else the key might sign, and one format from
// another. A new format gets a new version byte, token prefix and signing
// prefix; decoders reject versions they do not know, format 1 (which
// carried the registration ID, an individual host's name and masked IINs
// and BINs) included.
//
// # The token
//
// [Certificate.Token] is "KZR2:" followed by the base45 form (RFC 9285) of
// the encoding and the 64-byte signature. Base45 uses exactly the 45
// characters of the QR code's alphanumeric mode, which packs them at 5.5
// bits each: a typical token of about 250 characters fits a QR code of
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
// ([ErrBadSignature]), the instant of issue against the key's period
// ([ErrKeyOutOfPeriod]), the date of the check against the period of
// validity ([ErrNotYetValid], [ErrExpired]) and revocation ([ErrRevoked]).
// A certificate is revoked as soon as its registration ends (the foreigner
// left, the stay ended, they moved, or it was annulled: [Revokes]); an
// offline checker has no revocation list and leaves Revocations nil.
//
// Keys rotate by overlap: verifiers trust the new key (KeySet.With) before
// the issuer starts using it, close the old key's period at the instant
// the issuer stopped using it (KeySet.WithPeriod), so that nothing it
// signs later verifies (ErrKeyOutOfPeriod), and drop it (KeySet.Without)
// once the certificates it signed have expired. A token signed by a
// dropped key fails with ErrUnknownKey.
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
// A certificate carries the holder's names, a masked document number and
// an address; no identifier that links records. Its String and every
// fmt verb show the names as initials, and its slog LogValue no names at
// all.
//
// # Concurrency
//
// An Issuer, a KeySet and a Certificate are immutable and safe for
// concurrent use; a Verifier is, when its Revocations is. The package has
// no state.
package certificate
