/*
 * Date parsing for feeds: RFC 822/1123 (RSS), RFC 3339/W3CDTF (Atom, Dublin
 * Core) and the broken variants real feeds publish.  Pure: no locale, no
 * time zone database, no global state.
 */
#ifndef TIDINGS_DATE_H
#define TIDINGS_DATE_H

#include <stddef.h>
#include <time.h>

/* Parse the len bytes at s as a date; on success store seconds since the
 * epoch (UTC) in *t and return 0.  Returns -1 when the text is not a date
 * we can read with confidence: a date is never invented. */
int	date_parse(const char *s, size_t len, time_t *t);

/* Format t as "YYYY-MM-DDThh:mm:ssZ" into out (at least 32 bytes);
 * returns out. */
char	*date_format(time_t t, char *out);
/* The same; returns the length written (20 for the years 0 to 9999). */
size_t	 date_format_len(time_t t, char *out);

#endif
