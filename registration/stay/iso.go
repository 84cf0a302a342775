package stay

import "strings"

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

// iso3166ByAlpha3 is iso3166 again, each pair written alpha-3 first and
// sorted by it, so that both forms are found by binary search.
const iso3166ByAlpha3 = "" +
	"ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT " +
	"AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO " +
	"BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG " +
	"COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO " +
	"DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB " +
	"GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY " +
	"HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT " +
	"JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY " +
	"LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH " +
	"MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA " +
	"NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE " +
	"PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA " +
	"SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR " +
	"SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO " +
	"TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG " +
	"VIRVI VNMVN VUTVU WLFWF WSMWS XKXXK YEMYE ZAFZA ZMBZM ZWEZW"

// isoEntry returns the alpha-2 and alpha-3 codes of the pair that has code
// (upper case, 2 or 3 letters) as either form. Both tables are sorted, so
// it is a binary search over fixed-width entries, comparing each entry's
// letters packed into an integer: every submission looks codes up several
// times, and this keeps each lookup free of string comparisons.
func isoEntry(code string) (a2, a3 string, ok bool) {
	table, n := iso3166, 2
	if len(code) == 3 {
		table, n = iso3166ByAlpha3, 3
	} else if len(code) != 2 {
		return "", "", false
	}
	key := packCode(code, n)
	lo, hi := 0, (len(table)+1)/6
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch k := packCode(table[m*6:], n); {
		case k < key:
			lo = m + 1
		case k > key:
			hi = m
		default:
			e := table[m*6 : m*6+5]
			if n == 3 {
				return e[3:], e[:3], true
			}
			return e[:2], e[2:], true
		}
	}
	return "", "", false
}

// packCode packs the first n (2 or 3) bytes of s into an integer that
// orders as the strings do.
func packCode(s string, n int) uint32 {
	k := uint32(s[0])<<16 | uint32(s[1])<<8
	if n == 3 {
		k |= uint32(s[2])
	}
	return k
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
