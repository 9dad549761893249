/*
 * Date parsing for feeds.  Two hand-written scanners share one set of
 * helpers: an ISO 8601 one (W3CDTF, RFC 3339, the compact and ordinal
 * forms, MSSQL and Korean variants) and a word-oriented one (RFC 822, 1123,
 * 2822 and 850, asctime, Perforce, Greek).  Both fill a struct when, and
 * one function checks every field and turns it into epoch seconds with
 * plain calendar arithmetic, so neither the locale nor TZ can change a
 * result.  In front of the scanners, two fast paths read the two exact
 * shapes nearly every feed uses (RFC 822 as RSS writes it, RFC 3339 as
 * Atom does) by position, with the same limits and the same arithmetic;
 * they only ever accept, handing anything else to the scanners.  Dates
 * are formatted by the same arithmetic run backwards.  The input is a
 * counted byte string that is never read past its end and never copied.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>
#include <time.h>

#include "date.h"

#define MINUTE	60L
#define HOUR	(60L * MINUTE)
#define DAY	86400LL

/* The fields of a date as written, before validation. */
struct when {
	int	year, mon, mday;	/* mon 1-12; 0 when yday is used */
	int	yday;			/* ISO ordinal day, 1-366 */
	int	hour, min, sec;
	int	ampm;			/* AMPM_NONE, AMPM_AM or AMPM_PM */
	int	havezone;
	long	off;			/* seconds east of UTC */
	int	korean;			/* no zone means +0900, not UTC */
	int	timeok;			/* the date part may take a time */
};

#define AMPM_NONE	0
#define AMPM_AM		1
#define AMPM_PM		2

/* The unread part of the input. */
struct cur {
	const unsigned char	*p, *end;
};

struct name {
	const char	*name;
	int		 val;
};

/*
 * Month names: English (any case, abbreviated or full), then the Hungarian
 * and Greek spellings feeds were seen using.  The non-ASCII ones are UTF-8
 * and compared byte for byte, since only ASCII letters are case-folded.
 */
static const struct name months[] = {
	{ "jan", 1 }, { "january", 1 }, { "feb", 2 }, { "february", 2 },
	{ "mar", 3 }, { "march", 3 }, { "apr", 4 }, { "april", 4 },
	{ "may", 5 }, { "jun", 6 }, { "june", 6 }, { "jul", 7 },
	{ "july", 7 }, { "aug", 8 }, { "august", 8 }, { "sep", 9 },
	{ "sept", 9 }, { "september", 9 }, { "oct", 10 }, { "october", 10 },
	{ "nov", 11 }, { "november", 11 }, { "dec", 12 }, { "december", 12 },
	/* Hungarian. */
	{ "janu\xc3\xa1r", 1 }, { "febru\xc3\xa1r", 2 },
	{ "m\xc3\xa1rcius", 3 }, { "\xc3\xa1prilis", 4 },
	{ "m\xc3\xa1jus", 5 }, { "j\xc3\xbanius", 6 },
	{ "j\xc3\xbalius", 7 }, { "augusztus", 8 }, { "szeptember", 9 },
	{ "okt\xc3\xb3" "ber", 10 },
	/* Greek abbreviations, with and without the accents. */
	{ "\xce\x99\xce\xb1\xce\xbd", 1 },		/* Ιαν */
	{ "\xce\xa6\xce\xb5\xce\xb2", 2 },		/* Φεβ */
	{ "\xce\x9c\xce\xac\xcf\x81", 3 },		/* Μάρ */
	{ "\xce\x9c\xce\xb1\xcf\x81", 3 },		/* Μαρ */
	{ "\xce\x91\xcf\x80\xcf\x81", 4 },		/* Απρ */
	{ "\xce\x9c\xce\xac\xce\xb9", 5 },		/* Μάι */
	{ "\xce\x9c\xce\xb1\xce\x90", 5 },		/* Μαΐ */
	{ "\xce\x9c\xce\xb1\xce\xb9", 5 },		/* Μαι */
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbd", 6 },	/* Ιούν */
	{ "\xce\x99\xce\xbf\xcf\x85\xce\xbd", 6 },	/* Ιουν */
	{ "\xce\x99\xce\xbf\xce\xbd", 6 },		/* Ιον */
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbb", 7 },	/* Ιούλ */
	{ "\xce\x99\xce\xbf\xcf\x85\xce\xbb", 7 },	/* Ιουλ */
	{ "\xce\x99\xce\xbf\xce\xbb", 7 },		/* Ιολ */
	{ "\xce\x91\xcf\x8d\xce\xb3", 8 },		/* Αύγ */
	{ "\xce\x91\xcf\x85\xce\xb3", 8 },		/* Αυγ */
	{ "\xce\xa3\xce\xb5\xcf\x80", 9 },		/* Σεπ */
	{ "\xce\x9f\xce\xba\xcf\x84", 10 },		/* Οκτ */
	{ "\xce\x9d\xce\xbf\xce\xad", 11 },		/* Νοέ */
	{ "\xce\x9d\xce\xbf\xce\xb5", 11 },		/* Νοε */
	{ "\xce\x94\xce\xb5\xce\xba", 12 },		/* Δεκ */
	{ NULL, 0 }
};

/* Weekday names are recognised only to be skipped, so the value is unused. */
static const struct name weekdays[] = {
	{ "mon", 1 }, { "monday", 1 }, { "tue", 2 }, { "tues", 2 },
	{ "tuesday", 2 }, { "wed", 3 }, { "wednesday", 3 }, { "thu", 4 },
	{ "thur", 4 }, { "thurs", 4 }, { "thursday", 4 }, { "fri", 5 },
	{ "friday", 5 }, { "sat", 6 }, { "saturday", 6 }, { "sun", 7 },
	{ "sunday", 7 },
	{ "\xce\x9a\xcf\x85\xcf\x81", 7 },		/* Κυρ */
	{ "\xce\x94\xce\xb5\xcf\x85", 1 },		/* Δευ */
	{ "\xce\xa4\xcf\x81\xce\xb9", 2 },		/* Τρι */
	{ "\xce\xa4\xce\xb5\xcf\x84", 3 },		/* Τετ */
	{ "\xce\xa0\xce\xb5\xce\xbc", 4 },		/* Πεμ */
	{ "\xce\xa0\xce\xb1\xcf\x81", 5 },		/* Παρ */
	{ "\xce\xa3\xce\xb1\xce\xb2", 6 },		/* Σαβ */
	{ NULL, 0 }
};

/*
 * Zone names, in minutes east of UTC.  Where an abbreviation is ambiguous
 * the choice is the one feeds mean most often: CST is US Central (as in
 * RFC 822), IST is India, BST is British Summer Time, AST is Atlantic.
 * ET, CT, MT, PT and AT are not real abbreviations but are published, and
 * mean the standard time.
 */
static const struct name zones[] = {
	{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 }, { "zulu", 0 },
	{ "wet", 0 }, { "west", 60 }, { "bst", 60 }, { "ist", 330 },
	{ "cet", 60 }, { "cest", 120 }, { "met", 60 }, { "mest", 120 },
	{ "mez", 60 }, { "mesz", 120 }, { "wat", 60 }, { "cat", 120 },
	{ "sast", 120 }, { "eet", 120 }, { "eest", 180 }, { "eat", 180 },
	{ "msk", 180 }, { "msd", 240 }, { "pkt", 300 }, { "ict", 420 },
	{ "wib", 420 }, { "hkt", 480 }, { "sgt", 480 }, { "pht", 480 },
	{ "awst", 480 }, { "jst", 540 }, { "kst", 540 }, { "acst", 570 },
	{ "acdt", 630 }, { "aest", 600 }, { "aedt", 660 }, { "nzst", 720 },
	{ "nzdt", 780 },
	{ "nst", -210 }, { "ndt", -150 }, { "ast", -240 }, { "adt", -180 },
	{ "at", -240 }, { "est", -300 }, { "edt", -240 }, { "et", -300 },
	{ "cst", -360 }, { "cdt", -300 }, { "ct", -360 }, { "mst", -420 },
	{ "mdt", -360 }, { "mt", -420 }, { "pst", -480 }, { "pdt", -420 },
	{ "pt", -480 }, { "akst", -540 }, { "akdt", -480 }, { "hst", -600 },
	{ "hast", -600 }, { "hadt", -540 },
	/*
	 * RFC 822 military zones.  RFC 1123 notes their signs were specified
	 * backwards; we still follow the text of RFC 822, as mail and feed
	 * software historically did.
	 */
	{ "a", -60 }, { "b", -120 }, { "c", -180 }, { "d", -240 },
	{ "e", -300 }, { "f", -360 }, { "g", -420 }, { "h", -480 },
	{ "i", -540 }, { "k", -600 }, { "l", -660 }, { "m", -720 },
	{ "n", 60 }, { "o", 120 }, { "p", 180 }, { "q", 240 },
	{ "r", 300 }, { "s", 360 }, { "t", 420 }, { "u", 480 },
	{ "v", 540 }, { "w", 600 }, { "x", 660 }, { "y", 720 },
	{ NULL, 0 }
};

/* Korean, UTF-8: year, month and day markers, and before/after noon. */
#define KO_YEAR		"\xeb\x85\x84"			/* 년 */
#define KO_MONTH	"\xec\x9b\x94"			/* 월 */
#define KO_DAY		"\xec\x9d\xbc"			/* 일 */
#define KO_AM		"\xec\x98\xa4\xec\xa0\x84"	/* 오전 */
#define KO_PM		"\xec\x98\xa4\xed\x9b\x84"	/* 오후 */

/* The byte at the cursor, or -1 at the end. */
static int
peek(const struct cur *c)
{
	return c->p < c->end ? *c->p : -1;
}

/* The byte i places past the cursor, or -1 past the end. */
static int
peekat(const struct cur *c, size_t i)
{
	return (size_t)(c->end - c->p) > i ? c->p[i] : -1;
}

static int
isdig(int ch)
{
	return ch >= '0' && ch <= '9';
}

/* ASCII only: the C library's versions would consult the locale. */
static int
isalph(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* ASCII white space; U+00A0 is handled by atnbsp(). */
static int
isws(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f' || ch == '\v';
}

/* Word characters include every non-ASCII byte, so UTF-8 names are words. */
static int
iswordch(int ch)
{
	return isalph(ch) || ch >= 0x80;
}

/* A UTF-8 no-break space (U+00A0) at the cursor? */
static int
atnbsp(const struct cur *c, size_t i)
{
	return peekat(c, i) == 0xc2 && peekat(c, i + 1) == 0xa0;
}

/* Skip white space, counting a UTF-8 no-break space as white space. */
static void
skip_ws(struct cur *c)
{
	int	ch;

	while ((ch = peek(c)) != -1) {
		if (isws(ch))
			c->p++;
		else if (atnbsp(c, 0))
			c->p += 2;
		else
			break;
	}
}

/*
 * Skip what separates the parts of a written date: "11, Jan. 2004",
 * "06-Nov-94".  Returns -1 if there was nothing: glued parts such as
 * "6Nov93" are more likely an identifier than a date.
 */
static int
skip_seps(struct cur *c)
{
	const unsigned char	*start = c->p;
	int			 ch;

	for (;;) {
		skip_ws(c);
		ch = peek(c);
		if (ch != ',' && ch != '.' && ch != '-')
			break;
		c->p++;
	}
	return c->p == start ? -1 : 0;
}

/* If the bytes at the cursor are lit, consume them and return 1. */
static int
accept(struct cur *c, const char *lit)
{
	size_t	n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
		return 0;
	c->p += n;
	return 1;
}

static size_t
ndigits(const struct cur *c)
{
	size_t	n = 0;

	while (isdig(peekat(c, n)))
		n++;
	return n;
}

/*
 * Read a run of digits into *val if its length is within [min, max]; a
 * longer run is an error rather than a prefix, so "22013" is no year.
 */
static int
number(struct cur *c, size_t min, size_t max, int *val)
{
	size_t	n = ndigits(c), i;
	int	v = 0;

	if (n < min || n > max)
		return -1;
	for (i = 0; i < n; i++)
		v = v * 10 + (c->p[i] - '0');
	c->p += n;
	*val = v;
	return (int)n;
}

/* Read exactly n digits (the caller knows at least n are there). */
static int
fixed(struct cur *c, size_t n)
{
	int	v = 0;

	while (n-- > 0)
		v = v * 10 + (*c->p++ - '0');
	return v;
}

/* Read a word (letters and UTF-8 bytes); returns its length. */
static size_t
word(struct cur *c, const unsigned char **w)
{
	size_t	n = 0;

	while (iswordch(peekat(c, n)) && !atnbsp(c, n))
		n++;
	*w = c->p;
	c->p += n;
	return n;
}

/* Look a word up, ignoring ASCII case; returns its value or -1. */
static int
lookup(const struct name *tab, const unsigned char *w, size_t n)
{
	size_t	i;

	if (n == 0)
		return -1;
	for (; tab->name != NULL; tab++) {
		/* The first byte rules out most entries before strlen. */
		if ((unsigned char)tab->name[0] != lower(w[0]) ||
		    strlen(tab->name) != n)
			continue;
		for (i = 0; i < n; i++)
			if (lower(w[i]) != (unsigned char)tab->name[i])
				break;
		if (i == n)
			return tab->val;
	}
	return -1;
}

/* Read a month name, with any trailing dot left to the caller. */
static int
month_name(struct cur *c, struct when *w)
{
	const unsigned char	*s;
	size_t			 n;

	n = word(c, &s);
	if (n == 0 || (w->mon = lookup(months, s, n)) == -1)
		return -1;
	return 0;
}

/* Is the word GMT, UTC or UT, the names that may take an offset? */
static int
isutc(const unsigned char *s, size_t n)
{
	static const struct name	utc[] = {
		{ "gmt", 0 }, { "utc", 0 }, { "ut", 0 }, { NULL, 0 }
	};

	return lookup(utc, s, n) != -1;
}

/* Does a time (h:mm or hh:mm) start at the cursor? */
static int
at_time(const struct cur *c)
{
	size_t	n = ndigits(c);

	return (n == 1 || n == 2) && peekat(c, n) == ':' &&
	    isdig(peekat(c, n + 1));
}

/*
 * Read hh:mm, hh:mm:ss or hh:mm:ss.fraction, and with compact set also
 * hhmm and hhmmss; the hour may have one digit, the rest must have two.
 * Fractions of a second are dropped: feeds never need them.
 */
static int
parse_time(struct cur *c, struct when *w, int compact)
{
	size_t	n = ndigits(c);
	int	secs = 0;

	if (at_time(c)) {
		(void)number(c, 1, 2, &w->hour);
		c->p++;
		if (number(c, 2, 2, &w->min) == -1)
			return -1;
		if (peek(c) == ':' && isdig(peekat(c, 1))) {
			c->p++;
			if (number(c, 2, 2, &w->sec) == -1)
				return -1;
			secs = 1;
		}
	} else if (compact && (n == 4 || n == 6)) {
		w->hour = fixed(c, 2);
		w->min = fixed(c, 2);
		if (n == 6) {
			w->sec = fixed(c, 2);
			secs = 1;
		}
	} else
		return -1;
	if (secs && (peek(c) == '.' || peek(c) == ',') &&
	    isdig(peekat(c, 1))) {
		c->p++;
		while (isdig(peek(c)))
			c->p++;
	}
	return 0;
}

/* An optional AM or PM after a time: "4:31:00 PM". */
static void
parse_ampm(struct cur *c, struct when *w)
{
	struct cur		 save = *c;
	const unsigned char	*s;
	size_t			 n;

	skip_ws(c);
	n = word(c, &s);
	if (n == 2 && lower(s[1]) == 'm' && lower(s[0]) == 'a')
		w->ampm = AMPM_AM;
	else if (n == 2 && lower(s[1]) == 'm' && lower(s[0]) == 'p')
		w->ampm = AMPM_PM;
	else
		*c = save;
}

/*
 * Read +hhmm, +hh:mm or +hh (or with '-') into seconds east of UTC; after
 * GMT or UTC (lax set) also +h and +h:mm, as in "UTC+2".
 */
static int
parse_offset(struct cur *c, long *off, int lax)
{
	int	neg = *c->p == '-', hh = 0, mm = 0;
	size_t	n;

	c->p++;
	n = ndigits(c);
	if (n == 4) {
		hh = fixed(c, 2);
		mm = fixed(c, 2);
	} else if (n == 2 || (n == 1 && lax)) {
		(void)number(c, 1, 2, &hh);
		if (peek(c) == ':') {
			c->p++;
			if (number(c, 2, 2, &mm) == -1)
				return -1;
		}
	} else
		return -1;
	if (hh > 23 || mm > 59)
		return -1;
	*off = (hh * HOUR + mm * MINUTE) * (neg ? -1 : 1);
	return 0;
}

/*
 * Read a zone at the cursor: a numeric offset, a name, GMT or UTC with an
 * offset ("GMT+2", as Java likes to write), or "Etc/GMT".  Returns 1 when
 * one was read, 0 when there is none here, -1 when it is malformed.
 */
static int
parse_zone(struct cur *c, struct when *w)
{
	struct cur		 save;
	const unsigned char	*s;
	size_t			 n;
	long			 off;
	int			 ch = peek(c), min, etc = 0;

	if (ch == '+' || ch == '-') {
		if (parse_offset(c, &w->off, 0) == -1)
			return -1;
		w->havezone = 1;
		/*
		 * "+0000 GMT": the name is a comment on the number, which is
		 * what counts.  Only a known name may follow, so junk does not
		 * slip through, and not a military letter, which is more
		 * likely junk than a comment.
		 */
		save = *c;
		skip_ws(c);
		n = word(c, &s);
		if (n < 2 || lookup(zones, s, n) == -1)
			*c = save;
		return 1;
	}
	if (!isalph(ch))
		return 0;
	for (n = 0; isalph(peekat(c, n)); n++)
		;
	if (n == 3 && lower(c->p[0]) == 'e' && lower(c->p[1]) == 't' &&
	    lower(c->p[2]) == 'c' && peekat(c, 3) == '/') {
		c->p += 4;
		etc = 1;
		for (n = 0; isalph(peekat(c, n)); n++)
			;
	}
	s = c->p;
	if ((min = lookup(zones, s, n)) == -1)
		return -1;
	c->p += n;
	w->off = min * MINUTE;
	w->havezone = 1;
	ch = peek(c);
	if (isutc(s, n) && (ch == '+' || ch == '-') && isdig(peekat(c, 1))) {
		/*
		 * The tz database's "Etc/GMT+5" means five hours west; that
		 * inversion is too easy to get wrong either way, so refuse.
		 */
		if (etc || parse_offset(c, &off, 1) == -1)
			return -1;
		w->off = off;
	} else if (etc && min != 0)
		return -1;
	return 1;
}

/* An optional zone, possibly after white space. */
static int
opt_zone(struct cur *c, struct when *w)
{
	struct cur	save = *c;
	int		r;

	skip_ws(c);
	if ((r = parse_zone(c, w)) == 0)
		*c = save;
	return r == -1 ? -1 : 0;
}

/*
 * The end of the input: white space and parenthesised comments only, as
 * in "+0300 (EEST)".  Anything else is junk we do not understand, and a
 * date followed by junk is not a date we can trust.
 */
static int
finish(struct cur *c)
{
	int	depth;

	for (;;) {
		skip_ws(c);
		if (peek(c) != '(')
			break;
		for (depth = 0; c->p < c->end; c->p++) {
			if (*c->p == '(')
				depth++;
			else if (*c->p == ')' && --depth == 0)
				break;
		}
		if (c->p == c->end)
			return -1;
		c->p++;
	}
	return c->p == c->end ? 0 : -1;
}

/*
 * What may follow an ISO date: nothing, or 'T' or white space and a time,
 * then an optional zone.  Korean feeds put 오전/오후 (AM/PM) before the
 * time.
 */
static int
iso_time(struct cur *c, struct when *w)
{
	struct cur	save;
	int		ch = peek(c);

	if (!w->timeok)
		return finish(c);
	if (ch == 'T' || ch == 't') {
		c->p++;
		if (parse_time(c, w, 1) == -1)
			return -1;
	} else if (!isws(ch) && !atnbsp(c, 0) && !w->korean)
		return finish(c);	/* only Korean "28일01:35" may be glued */
	else {
		save = *c;
		skip_ws(c);
		if (accept(c, KO_AM))
			w->ampm = AMPM_AM;
		else if (accept(c, KO_PM))
			w->ampm = AMPM_PM;
		if (w->ampm != AMPM_NONE) {
			w->korean = 1;
			skip_ws(c);
			if (!at_time(c))
				return -1;
		}
		if (!at_time(c)) {
			*c = save;
			return finish(c);
		}
		if (parse_time(c, w, 0) == -1)
			return -1;
	}
	parse_ampm(c, w);
	if (opt_zone(c, w) == -1)
		return -1;
	return finish(c);
}

/*
 * The truncated ISO 8601:1988 forms with a 2-digit year: -YY-MM and
 * -YY-MM-DD.  Its -YYMM is refused: "-2003" reads as well as a negative
 * number or a zone as it does as March 2020.
 */
static int
iso_short(struct cur *c, struct when *w)
{
	c->p++;
	if (number(c, 2, 2, &w->year) == -1 || peek(c) != '-')
		return -1;
	c->p++;
	if (number(c, 2, 2, &w->mon) == -1)
		return -1;
	if (peek(c) == '-') {
		c->p++;
		if (number(c, 2, 2, &w->mday) == -1)
			return -1;
	}
	w->year += w->year < 50 ? 2000 : 1900;
	if (w->mday == 0)
		w->mday = 1;
	return finish(c);
}

/*
 * ISO 8601 and its relatives, starting with a 4-digit year: YYYY,
 * YYYY-MM, YYYY-MM-DD, YYYY-DDD, YYYYMMDD, YYYY/MM/DD and YYYY.MM.DD, a
 * Hungarian month name (2004-július-13), Google's 3-digit month
 * (2003-012-31) and the Korean 2004년 05월 28일.  The basic ordinal
 * YYYYDDD is refused: a bare 7-digit number is too likely something else.
 */
static int
iso_parse(struct cur *c, struct when *w)
{
	size_t	n;
	int	sep, mdigits;

	if (peek(c) == '-')
		return iso_short(c, w);
	n = ndigits(c);
	w->mday = 1;
	if (n == 8) {
		w->year = fixed(c, 4);
		w->mon = fixed(c, 2);
		w->mday = fixed(c, 2);
		w->timeok = 1;
		return iso_time(c, w);
	}
	if (n != 4)
		return -1;
	w->year = fixed(c, 4);
	w->mon = 1;
	if (accept(c, KO_YEAR)) {
		skip_ws(c);
		if (number(c, 1, 2, &w->mon) == -1 || !accept(c, KO_MONTH))
			return -1;
		skip_ws(c);
		if (number(c, 1, 2, &w->mday) == -1 || !accept(c, KO_DAY))
			return -1;
		w->korean = 1;
		w->timeok = 1;
		return iso_time(c, w);
	}
	sep = peek(c);
	if (sep != '-' && sep != '/' && sep != '.')
		return finish(c);
	c->p++;
	if (sep == '-' && iswordch(peek(c))) {
		if (month_name(c, w) == -1 || peek(c) != '-')
			return -1;
		c->p++;
		if (number(c, 1, 2, &w->mday) == -1)
			return -1;
		w->timeok = 1;
		return iso_time(c, w);
	}
	n = ndigits(c);
	if (n == 3 && sep == '-' && peekat(c, 3) == '-' && *c->p == '0')
		c->p++;		/* Google's "2003-012-31" */
	else if (n == 3 && sep == '-') {
		w->mon = 0;
		w->yday = fixed(c, 3);
		w->timeok = 1;
		return iso_time(c, w);
	}
	if ((mdigits = number(c, 1, 2, &w->mon)) == -1)
		return -1;
	if (peek(c) == sep && isdig(peekat(c, 1))) {
		c->p++;
		if (number(c, 1, 2, &w->mday) == -1)
			return -1;
		w->timeok = 1;
	} else if (sep != '-' || mdigits != 2)
		return -1;	/* "2004/02", "2004.02", "2004-2" say too little */
	return iso_time(c, w);
}

/* A year in a written date: 2 digits (RFC 822), 3 (struct tm) or 4. */
static int
parse_year(struct cur *c, struct when *w)
{
	int	n;

	if ((n = number(c, 2, 4, &w->year)) == -1 || iswordch(peek(c)) ||
	    peek(c) == ':')
		return -1;
	if (n == 2)
		w->year += w->year < 50 ? 2000 : 1900;
	else if (n == 3)
		w->year += 1900;
	return 0;
}

/* After the year of a written date: an optional time, AM/PM and zone. */
static int
rfc_tail(struct cur *c, struct when *w)
{
	struct cur	save = *c;

	skip_ws(c);
	if (peek(c) == ',') {
		c->p++;
		skip_ws(c);
	}
	if (at_time(c)) {
		if (parse_time(c, w, 0) == -1)
			return -1;
		parse_ampm(c, w);
	} else
		*c = save;
	if (opt_zone(c, w) == -1)
		return -1;
	return finish(c);
}

/*
 * Written dates: an optional weekday, then day month year (RFC 822 and
 * friends, also "01-Jan-04" from RFC 850), month day year ("Jan 11,
 * 2004"), or month day time [zone] year (asctime).  The weekday is
 * skipped unchecked: feeds get it wrong, and the rest of the date is
 * still right.
 */
static int
rfc_parse(struct cur *c, struct when *w)
{
	struct cur		 save;
	const unsigned char	*s;
	size_t			 n;

	if (iswordch(peek(c))) {
		save = *c;
		n = word(c, &s);
		if (lookup(weekdays, s, n) != -1) {
			if (skip_seps(c) == -1)
				return -1;
		} else
			*c = save;
	}
	if (isdig(peek(c))) {
		/*
		 * Perforce: "Fri, 2006/09/15 08:19:53 EDT".  A weekday and a
		 * bare year or month is not a date.
		 */
		if (ndigits(c) == 4)
			return iso_parse(c, w) == -1 || !w->timeok ? -1 : 0;
		if (number(c, 1, 2, &w->mday) == -1 || skip_seps(c) == -1 ||
		    month_name(c, w) == -1 || skip_seps(c) == -1 ||
		    parse_year(c, w) == -1)
			return -1;
		return rfc_tail(c, w);
	}
	if (month_name(c, w) == -1 || skip_seps(c) == -1 ||
	    number(c, 1, 2, &w->mday) == -1)
		return -1;
	skip_ws(c);
	if (peek(c) == ',') {
		c->p++;
		skip_ws(c);
	}
	if (!at_time(c)) {
		if (parse_year(c, w) == -1)
			return -1;
		return rfc_tail(c, w);
	}
	/* asctime: "Sun Jan  4 16:29:06 [PST] 2004 [PST]" */
	if (parse_time(c, w, 0) == -1)
		return -1;
	parse_ampm(c, w);
	if (opt_zone(c, w) == -1)
		return -1;
	save = *c;
	skip_ws(c);
	if (c->p == save.p || parse_year(c, w) == -1)
		return -1;	/* "16:29PST2004" is glued too tight */
	if (!w->havezone && opt_zone(c, w) == -1)
		return -1;
	return finish(c);
}

static int
leapyear(int y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static int
monthdays(int y, int m)
{
	static const int	mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leapyear(y) ? 29 : mdays[m - 1];
}

/* Days from 1970-01-01 to y-m-d, for years from 1 on. */
static inline long long
days_from_civil(int y, int m, int d)
{
	static const int	before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	unsigned int		py = (unsigned int)y - 1, cy = py / 100;

	/* Leap days strictly before y: py / 400 is cy / 4, and cheaper. */
	return 365LL * (y - 1970) + (py / 4 - cy + cy / 4) -
	    (1969 / 4 - 1969 / 100 + 1969 / 400) + before[m - 1] +
	    (m > 2 && leapyear(y)) + d - 1;
}

/* Check every field and compute the time; out-of-range is an error. */
static int
when_to_time(struct when *w, time_t *t)
{
	long long	v;
	long		off;

	if (w->year < 1000 || w->year > 9999)
		return -1;
	if (w->mon == 0) {
		if (w->yday < 1 || w->yday > (leapyear(w->year) ? 366 : 365))
			return -1;
		w->mday = w->yday;
		for (w->mon = 1; w->mday > monthdays(w->year, w->mon);
		    w->mon++)
			w->mday -= monthdays(w->year, w->mon);
	}
	if (w->mon < 1 || w->mon > 12 || w->mday < 1 ||
	    w->mday > monthdays(w->year, w->mon))
		return -1;
	if (w->ampm != AMPM_NONE) {
		if (w->hour < 1 || w->hour > 12)
			return -1;
		w->hour %= 12;
		if (w->ampm == AMPM_PM)
			w->hour += 12;
	}
	/* 24:00:00 is ISO 8601's end of the day, the next midnight. */
	if (w->hour > 24 || (w->hour == 24 && (w->min || w->sec)) ||
	    w->min > 59 || w->sec > 60)
		return -1;
	if (w->sec == 60)
		w->sec = 59;	/* a leap second; time_t has no room for it */
	off = w->havezone ? w->off : w->korean ? 9 * HOUR : 0;
	v = days_from_civil(w->year, w->mon, w->mday) * DAY +
	    w->hour * HOUR + w->min * MINUTE + w->sec - off;
	if ((long long)(time_t)v != v)
		return -1;
	*t = (time_t)v;
	return 0;
}

/*
 * Each half of date_parse() on its own.  The fast paths hand what they
 * decline to the general parser; the tests call both, to show that the
 * two agree.  Nothing else should, so they are not in date.h.
 * date_parse_fast() returning -1 means only that the fast paths declined.
 */
int	date_parse_fast(const char *, size_t, time_t *);
int	date_parse_general(const char *, size_t, time_t *);

/*
 * The fast paths.  date_parse() runs once per feed item, and the general
 * scanners cost over a thousand instructions a date: they look words up in
 * tables, try ISO before RFC 822, and save and restore the cursor around
 * every optional part.  Yet almost every feed writes one of two exact
 * shapes, RFC 822 as RSS does and RFC 3339 as Atom does, and those can be
 * read by position in under two hundred instructions.  A fast path reads
 * each field where the scanner would read it, holds it to the limits of
 * when_to_time() and parse_offset() or to tighter ones, and adds the same
 * terms up, so what it accepts has the general parser's value.  It only
 * ever accepts: on any surprise, a field out of range included, it hands
 * the input to the general parser, which reads it from the start, so it
 * cannot reject what the scanners would take, and the rare forms (24:00:00,
 * a leap second) need no code here.  The small helpers, and
 * days_from_civil(), are inline because at this size a call costs as much
 * as the work.
 */

/*
 * The value of each byte as a digit.  Any other byte is worth NOTDIGIT,
 * so that a number read with it comes to NOTDIGIT or more, past the range
 * every field is checked against anyway: no digit needs a test of its own.
 */
#define NOTDIGIT	10000
#define DV(b)		(unsigned short)((b) >= '0' && (b) <= '9' ? \
			    (b) - '0' : NOTDIGIT)
#define DV8(b)		DV(b), DV(b + 1), DV(b + 2), DV(b + 3), DV(b + 4), \
			    DV(b + 5), DV(b + 6), DV(b + 7)
#define DV32(b)		DV8(b), DV8(b + 8), DV8(b + 16), DV8(b + 24)

static const unsigned short	digitval[256] = {
	DV32(0), DV32(32), DV32(64), DV32(96),
	DV32(128), DV32(160), DV32(192), DV32(224)
};

/* Two digits at p as a number, NOTDIGIT or more if they are not. */
static int
digits2(const unsigned char *p)
{
	return digitval[p[0]] * 10 + digitval[p[1]];
}

/* Four digits at p as a number, NOTDIGIT or more if they are not. */
static int
digits4(const unsigned char *p)
{
	return digits2(p) * 100 + digits2(p + 2);
}

/*
 * Four bytes as one number, for a switch.  FOLD4 or-s 0x20 into the first
 * three, which folds ASCII case and maps no other byte onto a lower-case
 * letter, so that matching a lower-case WORD4 is matching a word as
 * lookup() does, and the fourth byte, compared as it is, ends the word.
 */
#define WORD4(a, b, c, d)	((unsigned int)(a) | (unsigned int)(b) << 8 | \
				    (unsigned int)(c) << 16 | \
				    (unsigned int)(d) << 24)
#define FOLD4(p)		(WORD4((p)[0], (p)[1], (p)[2], (p)[3]) | \
				    0x202020U)

/* An English month abbreviation of months[] and a space: 1-12, or -1. */
static int
fast_month(const unsigned char *p)
{
	switch (FOLD4(p)) {
	case WORD4('j', 'a', 'n', ' '):	return 1;
	case WORD4('f', 'e', 'b', ' '):	return 2;
	case WORD4('m', 'a', 'r', ' '):	return 3;
	case WORD4('a', 'p', 'r', ' '):	return 4;
	case WORD4('m', 'a', 'y', ' '):	return 5;
	case WORD4('j', 'u', 'n', ' '):	return 6;
	case WORD4('j', 'u', 'l', ' '):	return 7;
	case WORD4('a', 'u', 'g', ' '):	return 8;
	case WORD4('s', 'e', 'p', ' '):	return 9;
	case WORD4('o', 'c', 't', ' '):	return 10;
	case WORD4('n', 'o', 'v', ' '):	return 11;
	case WORD4('d', 'e', 'c', ' '):	return 12;
	}
	return -1;
}

/* An English weekday abbreviation of weekdays[] and a comma? */
static int
fast_weekday(const unsigned char *p)
{
	switch (FOLD4(p)) {
	case WORD4('m', 'o', 'n', ','):
	case WORD4('t', 'u', 'e', ','):
	case WORD4('w', 'e', 'd', ','):
	case WORD4('t', 'h', 'u', ','):
	case WORD4('f', 'r', 'i', ','):
	case WORD4('s', 'a', 't', ','):
	case WORD4('s', 'u', 'n', ','):
		return 1;
	}
	return 0;
}

/*
 * The time of day "hh:mm:ss" at p in seconds, or -1.  The limits are
 * when_to_time()'s without 24:00:00 and the leap second.
 */
static inline int
fast_hms(const unsigned char *p)
{
	int	hh, mm, ss;

	if (p[2] != ':' || p[5] != ':' || (hh = digits2(p)) > 23 ||
	    (mm = digits2(p + 3)) > 59 || (ss = digits2(p + 6)) > 59)
		return -1;
	return (hh * 60 + mm) * 60 + ss;
}

/*
 * The offset "+hhmm", or with colon set "+hh:mm", either sign, at p into
 * *off in seconds east of UTC, with parse_offset()'s limits.
 */
static inline int
fast_offset(const unsigned char *p, int colon, int *off)
{
	int	hh, mm;

	if ((p[0] != '+' && p[0] != '-') || (colon && p[3] != ':') ||
	    (hh = digits2(p + 1)) > 23 || (mm = digits2(p + 3 + colon)) > 59)
		return -1;
	*off = (hh * 60 + mm) * 60;
	if (p[0] == '-')
		*off = -*off;
	return 0;
}

/* Is the n bytes at p a name of UTC fast_rfc822() takes? */
static inline int
fast_utc(const unsigned char *p, ptrdiff_t n)
{
	int	a = p[0] | 0x20, b, c;

	if (n == 1)
		return a == 'z';
	b = p[1] | 0x20;
	if (n == 2)
		return a == 'u' && b == 't';
	c = p[2] | 0x20;
	return n == 3 && ((a == 'g' && b == 'm' && c == 't') ||
	    (a == 'u' && b == 't' && c == 'c'));
}

/*
 * The time at secs seconds from the start of the day y-m-d, which is held
 * to when_to_time()'s limits; the sum is when_to_time()'s, reordered.
 */
static inline int
fast_time(int y, int m, int d, int secs, time_t *t)
{
	long long	v;

	/* Every month has 28 days: most dates need no monthdays(). */
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    (d > 28 && d > monthdays(y, m)))
		return -1;
	v = days_from_civil(y, m, d) * DAY + secs;
	if ((long long)(time_t)v != v)
		return -1;
	*t = (time_t)v;
	return 0;
}

/*
 * RFC 822 as RSS writes it: "Thu, 01 Jan 2004 19:48:21 +0200", the day
 * also of one digit, the weekday (skipped unchecked, as by rfc_parse())
 * also left out, and the zone also GMT, UTC, UT or Z, in any case.  What
 * it declines goes to the general parser if general is set, and otherwise
 * makes it return -1: calling the general parser here rather than in
 * date_parse() spares the fast path a stack frame.
 */
static int
fast_rfc822(const char *s, size_t len, time_t *t, int general)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	int			 mday, mon, tod, off = 0;

	if (end - p >= 5 && fast_weekday(p) && p[4] == ' ')
		p += 5;
	/* The shortest rest is "1 Jan 2004 19:48:21 Z", a byte more with DD. */
	if (end - p < 21)
		goto decline;
	if (p[1] == ' ') {
		mday = digitval[p[0]];
		p += 2;
	} else if (p[2] == ' ' && end - p >= 22) {
		mday = digits2(p);
		p += 3;
	} else
		goto decline;
	if ((mon = fast_month(p)) == -1 || p[8] != ' ' ||
	    (tod = fast_hms(p + 9)) == -1 || p[17] != ' ')
		goto decline;
	if (end - (p + 18) == 5) {
		if (fast_offset(p + 18, 0, &off) == -1)
			goto decline;
	} else if (!fast_utc(p + 18, end - (p + 18)))
		goto decline;
	if (fast_time(digits4(p + 4), mon, mday, tod - off, t) == 0)
		return 0;
decline:
	return general ? date_parse_general(s, len, t) : -1;
}

/*
 * RFC 3339 as Atom writes it: "2003-12-31T10:14:55Z" or with an offset
 * "+08:00", the T and Z also in lower case, the seconds possibly with a
 * fraction, which is dropped as by parse_time().  What it declines goes
 * where fast_rfc822() sends it.
 */
static int
fast_rfc3339(const char *s, size_t len, time_t *t, int general)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	const unsigned char	*z = p + 19;
	int			 tod, off = 0;

	if (end - p < 20 || p[4] != '-' || p[7] != '-' ||
	    (p[10] | 0x20) != 't' || (tod = fast_hms(p + 11)) == -1)
		goto decline;
	if (*z == '.') {
		if (++z == end || !isdig(*z))
			goto decline;
		while (++z < end && isdig(*z))
			;
		if (z == end)
			goto decline;
	}
	if ((*z | 0x20) == 'z') {
		if (end - z != 1)
			goto decline;
	} else if (end - z != 6 || fast_offset(z, 1, &off) == -1)
		goto decline;
	if (fast_time(digits4(p), digits2(p + 5), digits2(p + 8),
	    tod - off, t) == 0)
		return 0;
decline:
	return general ? date_parse_general(s, len, t) : -1;
}

/* The fast path for the shape s looks like it has. */
static int
fast_parse(const char *s, size_t len, time_t *t, int general)
{
	if (len > 4 && s[4] == '-')
		return fast_rfc3339(s, len, t, general);
	return fast_rfc822(s, len, t, general);
}

/* Run one scanner over the input from the start. */
static int
try_parse(int (*fn)(struct cur *, struct when *), const struct cur *in,
    time_t *t)
{
	struct cur	c = *in;
	struct when	w;

	memset(&w, 0, sizeof(w));
	if (fn(&c, &w) == -1)
		return -1;
	return when_to_time(&w, t);
}

/* The fast paths, then the general parser; see date.h. */
int
date_parse(const char *s, size_t len, time_t *t)
{
	if (s == NULL)
		return -1;
	return fast_parse(s, len, t, 1);
}

/* The fast paths alone: a test hook, see above. */
int
date_parse_fast(const char *s, size_t len, time_t *t)
{
	if (s == NULL)
		return -1;
	return fast_parse(s, len, t, 0);
}

/* The general parser: the ISO scanner, then the written-date one. */
int
date_parse_general(const char *s, size_t len, time_t *t)
{
	struct cur	c;
	int		ch;

	if (s == NULL)
		return -1;
	c.p = (const unsigned char *)s;
	c.end = c.p + len;
	skip_ws(&c);
	ch = peek(&c);
	if (ch == -1)
		return -1;
	/* Digits first mostly mean ISO; "01 Jan 2004" falls through. */
	if ((isdig(ch) || ch == '-') && try_parse(iso_parse, &c, t) == 0)
		return 0;
	if (ch == '-')
		return -1;
	return try_parse(rfc_parse, &c, t);
}

/*
 * Write v in decimal, zero-padded to width digits, and return the end.
 * By hand rather than with snprintf, whose warnings cannot see that a
 * year from a time_t has at most 12 digits.  date_format() needs it only
 * for years outside 0-9999.
 */
static char *
putnum(char *p, long long v, int width)
{
	char			digits[24];
	unsigned long long	u;
	int			n = 0;

	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	while (n < width)
		digits[n++] = '0';
	if (v < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = digits[--n];
	return p;
}

/*
 * Write v, 0-99, as two digits: a copy from a table of all hundred pairs
 * costs a load and a store, where dividing by ten costs several of each.
 */
static void
put2(char *p, unsigned int v)
{
	static const char	pairs[] =
	    "00010203040506070809" "10111213141516171819"
	    "20212223242526272829" "30313233343536373839"
	    "40414243444546474849" "50515253545556575859"
	    "60616263646566676869" "70717273747576777879"
	    "80818283848586878889" "90919293949596979899";

	memcpy(p, pairs + 2 * v, 2);
}

/*
 * Format t in UTC by calendar arithmetic, valid for any time_t.  It runs
 * once per item written, so the digits are placed directly: no snprintf,
 * and putnum() only for a year that does not have four.  What cannot be
 * negative is unsigned, which makes division by a constant cheaper.
 */
size_t
date_format_len(time_t t, char *out)
{
	long long	secs = t, days, era, year;
	unsigned int	rem, doe, cen, quad, yr, mon, mp;
	char		*p;

	days = secs / DAY;
	if (secs % DAY < 0) {
		rem = (unsigned int)(secs % DAY + DAY);
		days--;
	} else
		rem = (unsigned int)(secs % DAY);
	/*
	 * Count from 0000-03-01 so that the leap day ends the year, then
	 * peel off 400-year eras, centuries (the last one a day longer),
	 * 4-year groups (the last one a day shorter, except in the era's
	 * last century) and years (the last one a day longer).
	 */
	days += 719468;
	era = days / 146097;
	if (days % 146097 < 0)
		era--;
	doe = (unsigned int)(days - era * 146097);
	if ((cen = doe / 36524) > 3)
		cen = 3;
	doe -= cen * 36524;
	quad = doe / 1461;
	doe -= quad * 1461;
	if ((yr = doe / 365) > 3)
		yr = 3;
	doe -= yr * 365;
	/*
	 * The months from March have 31, 30, 31, 30, 31 days and then the
	 * same again, so a month starts on day (153 * mp + 2) / 5, and the
	 * month of day doe is the inverse of that.
	 */
	mp = (5 * doe + 2) / 153;
	doe -= (153 * mp + 2) / 5;
	mon = mp < 10 ? mp + 3 : mp - 9;
	year = era * 400 + cen * 100 + quad * 4 + yr + (mon <= 2);
	/* Under 30 bytes even for the extremes of a 64-bit time_t. */
	if (year >= 0 && year <= 9999) {
		put2(out, (unsigned int)year / 100);
		put2(out + 2, (unsigned int)year % 100);
		p = out + 4;
	} else
		p = putnum(out, year, 4);
	p[0] = '-';
	put2(p + 1, mon);
	p[3] = '-';
	put2(p + 4, doe + 1);
	p[6] = 'T';
	put2(p + 7, rem / 3600);
	p[9] = ':';
	put2(p + 10, rem / 60 % 60);
	p[12] = ':';
	put2(p + 13, rem % 60);
	p[15] = 'Z';
	p[16] = '\0';
	return (size_t)(p + 16 - out);
}

char *
date_format(time_t t, char *out)
{
	date_format_len(t, out);
	return out;
}
