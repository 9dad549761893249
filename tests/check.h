/*
 * A minimal unit-test harness.  Each test is a function; CHECK records a
 * failure with file and line and the test goes on, so one run shows every
 * broken assertion.  check_main() runs the tests and prints
 * "N passed, M failed" (tests, not assertions), exiting non-zero on failure.
 */
#ifndef TIDINGS_CHECK_H
#define TIDINGS_CHECK_H

#include <stdio.h>
#include <string.h>

struct check_test {
	const char	*name;
	void		(*fn)(void);
};

extern int check_failures;	/* failed assertions in the current test */

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) { \
		fprintf(stderr, "%s:%d: %s\n    got:  \"%s\"\n    want: \"%s\"\n", \
		    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
		check_failures++;					\
	}								\
} while (0)

#define CHECK_INT(got, want) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ != w_) {							\
		fprintf(stderr, "%s:%d: %s = %lld, want %lld\n",	\
		    __FILE__, __LINE__, #got, g_, w_);			\
		check_failures++;					\
	}								\
} while (0)

/* Run the NULL-terminated table; returns the process exit status. */
int	check_main(const struct check_test *tests);

#endif
