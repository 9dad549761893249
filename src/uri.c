/*
 * Relative reference resolution on top of curl_url().
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "uri.h"
#include "xmalloc.h"

int
uri_is_absolute(const char *s)
{
	const char	*p = s;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.')
		p++;
	return *p == ':';
}

char *
uri_resolve(const char *base, const char *ref)
{
	CURLU	*h;
	char	*out = NULL, *res;
	unsigned flags = CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE;

	/* Absolute references are kept byte for byte: curl would normalise
	 * them (add a trailing slash, lower-case the host), and an id or a
	 * link must compare equal to what the publisher wrote. */
	if (base == NULL || *base == '\0' || uri_is_absolute(ref))
		return xstrdup(ref);
	if (*ref == '\0')	/* RFC 3986 5.2.2: the base itself */
		return xstrdup(base);
	if ((h = curl_url()) == NULL)
		fatal("out of memory (curl_url)");
	if (curl_url_set(h, CURLUPART_URL, base, flags) == CURLUE_OK &&
	    curl_url_set(h, CURLUPART_URL, ref, flags) == CURLUE_OK &&
	    curl_url_get(h, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		res = xstrdup(out);
		curl_free(out);
	} else
		res = xstrdup(ref);
	curl_url_cleanup(h);
	return res;
}
