#include "check.h"
static const struct check_test tests[] = {{NULL, NULL}};
int main(void) { return check_main(tests); }
