/*
 * The test harness runner: see check.h.
 */
#include <stdio.h>

#include "check.h"

int check_failures;

int
check_main(const struct check_test *tests)
{
	int	passed = 0, failed = 0;

	for (; tests->name != NULL; tests++) {
		check_failures = 0;
		tests->fn();
		if (check_failures == 0)
			passed++;
		else {
			failed++;
			fprintf(stderr, "FAIL: %s\n", tests->name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
