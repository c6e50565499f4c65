/* test.h: the smallest test harness that works.
 *
 * Each tests/unit/test_<module>.c defines tests with TEST(name) and lists
 * them in main() with RUN(name). Output is TAP-like ("ok - name", "not ok -
 * name: file:line: expr"), ending with the line "N passed, N failed" that
 * tests/check.sh adds up. */
#ifndef PAIKKA_TEST_H
#define PAIKKA_TEST_H

#include <stdio.h>
#include <string.h>

static int test_failed_now;
static int test_passed, test_failed;

#define TEST(name) static void name(void)
#define CHECK(expr)                                                        \
	do {                                                               \
		if (!(expr)) {                                             \
			printf("# %s:%d: CHECK(%s)\n", __FILE__, __LINE__, \
			    #expr);                                        \
			test_failed_now = 1;                               \
		}                                                          \
	} while (0)
#define CHECK_STR(got, want)                                               \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (!g_ || strcmp(g_, w_) != 0) {                          \
			printf("# %s:%d: got \"%s\", want \"%s\"\n",       \
			    __FILE__, __LINE__, g_ ? g_ : "(null)", w_);   \
			test_failed_now = 1;                               \
		}                                                          \
	} while (0)
#define RUN(name)                                                          \
	do {                                                               \
		test_failed_now = 0;                                       \
		name();                                                    \
		if (test_failed_now) {                                     \
			test_failed++;                                     \
			printf("not ok - %s\n", #name);                    \
		} else {                                                   \
			test_passed++;                                     \
			printf("ok - %s\n", #name);                        \
		}                                                          \
	} while (0)
#define TEST_END()                                                         \
	(printf("%d passed, %d failed\n", test_passed, test_failed),       \
	    test_failed ? 1 : 0)

#endif
