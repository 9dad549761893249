/*
 * HTML named character references: binary search in the generated table.
 */
#include "config.h"

#include <string.h>

#include "entity.h"

/* Arrays, not pointers: a table of 4,250 pointers would be relocated
 * (9 pages written) at every start of the program, used or not. */
struct entity_def {
	char	name[32];	/* the longest is 31 bytes */
	char	utf8[8];	/* at most 2 code points, 6 bytes */
};

#include "entity_table.h"

const char *
entity_lookup(const char *name, size_t len)
{
	size_t	lo = 0, hi = sizeof(entity_table) / sizeof(entity_table[0]);

	while (lo < hi) {
		size_t	 mid = lo + (hi - lo) / 2;
		const char *e = entity_table[mid].name;
		int	 c = strncmp(e, name, len);

		/* A table name longer than len sorts after the key. */
		if (c == 0 && e[len] != '\0')
			c = 1;
		if (c == 0)
			return entity_table[mid].utf8;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
