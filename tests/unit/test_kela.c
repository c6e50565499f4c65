/* test_kela.c: Kela compensation arithmetic, CSV euros, months. */
#include <stdint.h>

#include "paikka/kela.h"
#include "test.h"

TEST(compensation)
{
	CHECK(KELA_DAILY_CENTS == 900);
	CHECK(kela_compensation(0) == 0);
	CHECK(kela_compensation(1) == 900);
	CHECK(kela_compensation(17) == 15300);
	CHECK(kela_compensation(31) == 27900);
	CHECK(kela_compensation(-1) == -1);
	CHECK(kela_compensation(INT64_MAX / 900) == INT64_MAX / 900 * 900);
	CHECK(kela_compensation(INT64_MAX / 900 + 1) == -1);
	CHECK(kela_compensation(INT64_MAX) == -1);
}

TEST(csv_euros)
{
	char b[32];
	CHECK_STR(kela_csv_euros(b, sizeof(b), 0), "0,00");
	CHECK_STR(kela_csv_euros(b, sizeof(b), 5), "0,05");
	CHECK_STR(kela_csv_euros(b, sizeof(b), 900), "9,00");
	CHECK_STR(kela_csv_euros(b, sizeof(b), 15300), "153,00");
	CHECK_STR(kela_csv_euros(b, sizeof(b), 123456789), "1234567,89");
	CHECK_STR(kela_csv_euros(b, sizeof(b), -105), "-1,05");
	CHECK_STR(
	    kela_csv_euros(b, sizeof(b), INT64_MIN), "-92233720368547758,08");
	CHECK(kela_csv_euros(b, 4, 900) == NULL);
	CHECK_STR(kela_csv_euros(b, 5, 900), "9,00");
}

TEST(prev_month)
{
	char b[16];
	CHECK_STR(kela_prev_month(b, sizeof(b), 2026, 11), "2026-10");
	CHECK_STR(kela_prev_month(b, sizeof(b), 2026, 1), "2025-12");
	CHECK_STR(kela_prev_month(b, sizeof(b), 2026, 12), "2026-11");
	CHECK(kela_prev_month(b, sizeof(b), 2026, 0) == NULL);
	CHECK(kela_prev_month(b, sizeof(b), 2026, 13) == NULL);
	CHECK(kela_prev_month(b, 7, 2026, 5) == NULL);
	CHECK(kela_prev_month(b, sizeof(b), 1, 1) == NULL);
}

int main(void)
{
	RUN(compensation);
	RUN(csv_euros);
	RUN(prev_month);
	return TEST_END();
}
