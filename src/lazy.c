/*
 * libcurl, libxml2 and SQLite, loaded on first use.
 *
 * Why: Debian's libcurl brings some thirty shared libraries (OpenSSL,
 * GnuTLS, Kerberos, LDAP, SSH, RTMP ...) whose loading and constructors
 * cost about 9 ms at every start of the program, and libxml2 brings ICU
 * and the C++ runtime (about 3 ms more).  The reader's first screen needs
 * neither: it reads the cache and draws.  SQLite (and libm, which it
 * brings) costs 0.75 ms more, which `tidings parse`, `extract` and
 * `entities` never use: on a small feed that was a fifth of the run.  So
 * the program is not linked with them; the functions of theirs that tidings calls are defined here,
 * and the first call of any of them opens the library (dlopen) and looks
 * its functions up.  After that a call costs one indirect jump.
 *
 * The declarations come from the libraries' own headers, so the compiler
 * checks that every definition here has the library's signature.  The
 * variadic setopt and getinfo calls are forwarded with the argument type
 * libcurl documents for the option's range (long, object pointer,
 * function pointer, curl_off_t), read with va_arg as that type.
 *
 * A library that cannot be opened is fatal, with its name: it is a
 * dependency of the package, like a library the loader could not find.
 */
#include "config.h"

#define CURL_DISABLE_TYPECHECK	/* its macros would rename our functions */

#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <sqlite3.h>

#include "lazy.h"
#include "xmalloc.h"

#define LIBCURL	"libcurl.so.4"
#define LIBXML2	"libxml2.so.2"
#define LIBSQLITE "libsqlite3.so.0"

/* Returns the address of function name in library lib, opening the
 * library on the first call; dies when either is missing. */
static void *
lazy_sym(const char *lib, void **handle, const char *name)
{
	void	*p;

	if (*handle == NULL &&
	    (*handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL)) == NULL)
		fatal("cannot load %s: %s", lib, dlerror());
	if ((p = dlsym(*handle, name)) == NULL)
		fatal("%s has no %s: %s", lib, name, dlerror());
	return p;
}

static void	*curl_handle, *xml_handle, *sqlite_handle;

/* The function pointer fn of library lib (a static in each wrapper). */
#define CURL_FN(fn)							\
	static __typeof__(fn) *fp_;					\
	if (fp_ == NULL)						\
		*(void **)&fp_ = lazy_sym(LIBCURL, &curl_handle, #fn)
#define XML_FN(fn)							\
	static __typeof__(fn) *fp_;					\
	if (fp_ == NULL)						\
		*(void **)&fp_ = lazy_sym(LIBXML2, &xml_handle, #fn)
#define SQLITE_FN(fn)							\
	static __typeof__(fn) *fp_;					\
	if (fp_ == NULL)						\
		*(void **)&fp_ = lazy_sym(LIBSQLITE, &sqlite_handle, #fn)

int
lazy_loaded(const char *which)
{
	switch (which[0]) {
	case 'c':
		return curl_handle != NULL;
	case 's':
		return sqlite_handle != NULL;
	default:
		return xml_handle != NULL;
	}
}

/* ---- libcurl ---------------------------------------------------------- */

CURLcode
curl_global_init(long flags)
{
	CURL_FN(curl_global_init);
	return fp_(flags);
}

void
curl_global_cleanup(void)
{
	if (curl_handle == NULL)
		return;		/* never loaded: nothing to clean */
	{
		CURL_FN(curl_global_cleanup);
		fp_();
	}
}

CURL *
curl_easy_init(void)
{
	CURL_FN(curl_easy_init);
	return fp_();
}

void
curl_easy_cleanup(CURL *h)
{
	CURL_FN(curl_easy_cleanup);
	fp_(h);
}

void
curl_easy_reset(CURL *h)
{
	CURL_FN(curl_easy_reset);
	fp_(h);
}

CURLcode
curl_easy_setopt(CURL *h, CURLoption opt, ...)
{
	va_list		ap;
	CURLcode	rc;
	CURL_FN(curl_easy_setopt);

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = fp_(h, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fp_(h, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = fp_(h, opt, va_arg(ap, void (*)(void)));
	else if (opt < CURLOPTTYPE_BLOB)
		rc = fp_(h, opt, va_arg(ap, curl_off_t));
	else
		rc = fp_(h, opt, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

CURLcode
curl_easy_getinfo(CURL *h, CURLINFO info, ...)
{
	va_list		ap;
	CURLcode	rc;
	CURL_FN(curl_easy_getinfo);

	/* Every kind of information is returned through a pointer. */
	va_start(ap, info);
	rc = fp_(h, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

const char *
curl_easy_strerror(CURLcode c)
{
	CURL_FN(curl_easy_strerror);
	return fp_(c);
}

CURLM *
curl_multi_init(void)
{
	CURL_FN(curl_multi_init);
	return fp_();
}

CURLMcode
curl_multi_cleanup(CURLM *m)
{
	CURL_FN(curl_multi_cleanup);
	return fp_(m);
}

CURLMcode
curl_multi_setopt(CURLM *m, CURLMoption opt, ...)
{
	va_list		ap;
	CURLMcode	rc;
	CURL_FN(curl_multi_setopt);

	va_start(ap, opt);
	if (opt < CURLOPTTYPE_OBJECTPOINT)
		rc = fp_(m, opt, va_arg(ap, long));
	else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
		rc = fp_(m, opt, va_arg(ap, void *));
	else if (opt < CURLOPTTYPE_OFF_T)
		rc = fp_(m, opt, va_arg(ap, void (*)(void)));
	else
		rc = fp_(m, opt, va_arg(ap, curl_off_t));
	va_end(ap);
	return rc;
}

CURLMcode
curl_multi_add_handle(CURLM *m, CURL *h)
{
	CURL_FN(curl_multi_add_handle);
	return fp_(m, h);
}

CURLMcode
curl_multi_remove_handle(CURLM *m, CURL *h)
{
	CURL_FN(curl_multi_remove_handle);
	return fp_(m, h);
}

CURLMcode
curl_multi_perform(CURLM *m, int *running)
{
	CURL_FN(curl_multi_perform);
	return fp_(m, running);
}

CURLMcode
curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned int n,
    int timeout_ms, int *numfds)
{
	CURL_FN(curl_multi_poll);
	return fp_(m, extra, n, timeout_ms, numfds);
}

CURLMsg *
curl_multi_info_read(CURLM *m, int *left)
{
	CURL_FN(curl_multi_info_read);
	return fp_(m, left);
}

const char *
curl_multi_strerror(CURLMcode c)
{
	CURL_FN(curl_multi_strerror);
	return fp_(c);
}

struct curl_slist *
curl_slist_append(struct curl_slist *l, const char *s)
{
	CURL_FN(curl_slist_append);
	return fp_(l, s);
}

void
curl_slist_free_all(struct curl_slist *l)
{
	CURL_FN(curl_slist_free_all);
	fp_(l);
}

void
curl_free(void *p)
{
	CURL_FN(curl_free);
	fp_(p);
}

time_t
curl_getdate(const char *s, const time_t *unused)
{
	CURL_FN(curl_getdate);
	return fp_(s, unused);
}

CURLU *
curl_url(void)
{
	CURL_FN(curl_url);
	return fp_();
}

void
curl_url_cleanup(CURLU *u)
{
	CURL_FN(curl_url_cleanup);
	fp_(u);
}

CURLUcode
curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
	CURL_FN(curl_url_set);
	return fp_(u, what, part, flags);
}

/* Debian 12's libcurl (7.88) takes a CURLU *; later ones a const one. */
CURLUcode
#if LIBCURL_VERSION_NUM >= 0x080300
curl_url_get(const CURLU *u, CURLUPart what, char **part, unsigned int flags)
#else
curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
#endif
{
	CURL_FN(curl_url_get);
	return fp_(u, what, part, flags);
}

/* ---- libxml2 ------------------------------------------------------------ */

htmlDocPtr
htmlReadMemory(const char *buffer, int size, const char *url,
    const char *encoding, int options)
{
	XML_FN(htmlReadMemory);
	return fp_(buffer, size, url, encoding, options);
}

void
xmlFreeDoc(xmlDocPtr doc)
{
	XML_FN(xmlFreeDoc);
	fp_(doc);
}

/* ---- SQLite ------------------------------------------------------------- */

int
sqlite3_open(const char *path, sqlite3 **db)
{
	SQLITE_FN(sqlite3_open);
	return fp_(path, db);
}

int
sqlite3_open_v2(const char *path, sqlite3 **db, int flags, const char *vfs)
{
	SQLITE_FN(sqlite3_open_v2);
	return fp_(path, db, flags, vfs);
}

int
sqlite3_close(sqlite3 *db)
{
	SQLITE_FN(sqlite3_close);
	return fp_(db);
}

int
sqlite3_exec(sqlite3 *db, const char *sql,
    int (*cb)(void *, int, char **, char **), void *arg, char **err)
{
	SQLITE_FN(sqlite3_exec);
	return fp_(db, sql, cb, arg, err);
}

int
sqlite3_busy_timeout(sqlite3 *db, int ms)
{
	SQLITE_FN(sqlite3_busy_timeout);
	return fp_(db, ms);
}

int
sqlite3_extended_result_codes(sqlite3 *db, int onoff)
{
	SQLITE_FN(sqlite3_extended_result_codes);
	return fp_(db, onoff);
}

int
sqlite3_errcode(sqlite3 *db)
{
	SQLITE_FN(sqlite3_errcode);
	return fp_(db);
}

int
sqlite3_extended_errcode(sqlite3 *db)
{
	SQLITE_FN(sqlite3_extended_errcode);
	return fp_(db);
}

const char *
sqlite3_errmsg(sqlite3 *db)
{
	SQLITE_FN(sqlite3_errmsg);
	return fp_(db);
}

const char *
sqlite3_errstr(int rc)
{
	SQLITE_FN(sqlite3_errstr);
	return fp_(rc);
}

int
sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
    const char **tail)
{
	SQLITE_FN(sqlite3_prepare_v2);
	return fp_(db, sql, n, st, tail);
}

int
sqlite3_prepare_v3(sqlite3 *db, const char *sql, int n, unsigned int flags,
    sqlite3_stmt **st, const char **tail)
{
	SQLITE_FN(sqlite3_prepare_v3);
	return fp_(db, sql, n, flags, st, tail);
}

int
sqlite3_step(sqlite3_stmt *st)
{
	SQLITE_FN(sqlite3_step);
	return fp_(st);
}

int
sqlite3_reset(sqlite3_stmt *st)
{
	SQLITE_FN(sqlite3_reset);
	return fp_(st);
}

int
sqlite3_finalize(sqlite3_stmt *st)
{
	SQLITE_FN(sqlite3_finalize);
	return fp_(st);
}

int
sqlite3_clear_bindings(sqlite3_stmt *st)
{
	SQLITE_FN(sqlite3_clear_bindings);
	return fp_(st);
}

int
sqlite3_bind_parameter_count(sqlite3_stmt *st)
{
	SQLITE_FN(sqlite3_bind_parameter_count);
	return fp_(st);
}

int
sqlite3_bind_int(sqlite3_stmt *st, int i, int v)
{
	SQLITE_FN(sqlite3_bind_int);
	return fp_(st, i, v);
}

int
sqlite3_bind_int64(sqlite3_stmt *st, int i, sqlite3_int64 v)
{
	SQLITE_FN(sqlite3_bind_int64);
	return fp_(st, i, v);
}

int
sqlite3_bind_null(sqlite3_stmt *st, int i)
{
	SQLITE_FN(sqlite3_bind_null);
	return fp_(st, i);
}

int
sqlite3_bind_text(sqlite3_stmt *st, int i, const char *v, int n,
    void (*del)(void *))
{
	SQLITE_FN(sqlite3_bind_text);
	return fp_(st, i, v, n, del);
}

int
sqlite3_column_int(sqlite3_stmt *st, int i)
{
	SQLITE_FN(sqlite3_column_int);
	return fp_(st, i);
}

sqlite3_int64
sqlite3_column_int64(sqlite3_stmt *st, int i)
{
	SQLITE_FN(sqlite3_column_int64);
	return fp_(st, i);
}

const unsigned char *
sqlite3_column_text(sqlite3_stmt *st, int i)
{
	SQLITE_FN(sqlite3_column_text);
	return fp_(st, i);
}
