package stay

import (
	"strings"
)

// iso3166 lists every ISO 3166-1 code pair, alpha-2 then alpha-3, sorted by
// alpha-2, plus Kosovo's user-assigned XK/XKX, which ICAO travel documents
// use. It is the set of citizenships the package knows: a known code that
// has no row in the regime table needs a visa, any other code is unknown.
const iso3166 = "" +
	"ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE " +
	"BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS " +
	"BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN " +
	"COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST " +
	"EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF " +
	"GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD " +
	"HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM " +
	"JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA " +
	"LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD " +
	"MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM " +
	"NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG " +
	"PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA " +
	"SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD " +
	"STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON " +
	"TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR " +
	"VNVNM VUVUT WFWLF WSWSM XKXKX YEYEM YTMYT ZAZAF ZMZMB ZWZWE"

// isoEntry returns the alpha-2 and alpha-3 codes of the pair that has code
// (upper case, 2 or 3 letters) as either form.
func isoEntry(code string) (a2, a3 string, ok bool) {
	for i := 0; i+5 <= len(iso3166); i += 6 {
		e := iso3166[i : i+5]
		if (len(code) == 2 && e[:2] == code) || (len(code) == 3 && e[2:] == code) {
			return e[:2], e[2:], true
		}
	}
	return "", "", false
}

// ParseCitizenship reads a citizenship code: an ISO 3166-1 alpha-3 or
// alpha-2 code of ASCII letters in any case, with surrounding white space
// ignored, and returns its alpha-3 form ("uz" and " UZB " give "UZB").
// Anything else is a *CitizenshipError matching ErrUnknownCitizenship. A
// known code is not a promise of a visa-free regime: see RegimeFor.
func ParseCitizenship(s string) (string, error) {
	code := strings.TrimSpace(s)
	if n := len(code); n == 2 || n == 3 {
		var b [3]byte
		ok := true
		for i := 0; i < n && ok; i++ {
			c := code[i]
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b[i], ok = c, 'A' <= c && c <= 'Z'
		}
		if ok {
			if _, a3, found := isoEntry(string(b[:n])); found {
				return a3, nil
			}
		}
	}
	return "", &CitizenshipError{Code: cut(s), Err: ErrUnknownCitizenship}
}
