/* test_invoice.c: invoice arithmetic, IBAN, reference numbers. */
#include <stdint.h>
#include <stdlib.h>

#include "paikka/invoice.h"
#include "test.h"

TEST(line_totals)
{
	CHECK(inv_line_total(17, 1009) == 17153);
	CHECK(inv_line_total(0, 2450) == 0);
	CHECK(inv_line_total(22, 2450) == 53900);
	CHECK(inv_line_total(-1, 10) == -1);
	CHECK(inv_line_total(2, -10) == -1);
	CHECK(inv_line_total(INT64_MAX / 2 + 1, 2) == -1);
	int64_t l[3] = {17153, 53900, 1009};
	CHECK(inv_sum(l, 3) == 72062);
	CHECK(inv_sum(l, 0) == 0);
	int64_t o[2] = {INT64_MAX, 1};
	CHECK(inv_sum(o, 2) == -1);
	int64_t neg[1] = {-5};
	CHECK(inv_sum(neg, 1) == -1);
}

TEST(property_totals)
{
	srand(12345);
	for (int k = 0; k < 2000; k++) {
		size_t n = (size_t)(rand() % 12);
		int64_t lines[12], want = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t days = rand() % 32;
			int64_t price = 1 + rand() % 100000;
			lines[i] = inv_line_total(days, price);
			CHECK(lines[i] == days * price);
			want += days * price;
		}
		CHECK(inv_sum(lines, n) == want);
	}
}

TEST(iban)
{
	CHECK(inv_iban_valid("FI2112345600000785"));
	CHECK(inv_iban_valid("FI21 1234 5600 0007 85"));
	CHECK(inv_iban_valid("fi2112345600000785"));
	CHECK(inv_iban_valid("FI3550000120253504"));
	CHECK(inv_iban_valid("DE89370400440532013000"));
	CHECK(inv_iban_valid("GB82WEST12345698765432"));
	CHECK(!inv_iban_valid("FI2112345600000786"));
	CHECK(!inv_iban_valid("FI2212345600000785"));
	CHECK(!inv_iban_valid("FI211234560000078"));
	CHECK(!inv_iban_valid("FI21123456000007A5"));
	CHECK(!inv_iban_valid("GB82WEST12345698765433"));
	CHECK(!inv_iban_valid(""));
	CHECK(!inv_iban_valid("FI21-1234"));
	CHECK(!inv_iban_valid(NULL));
	char b[40];
	CHECK_STR(inv_iban_normal(b, sizeof(b), "fi21 1234 5600 0007 85"),
	    "FI2112345600000785");
	CHECK(inv_iban_normal(b, 10, "FI2112345600000785") == NULL);
}

TEST(bic)
{
	CHECK(inv_bic_valid("NDEAFIHH"));
	CHECK(inv_bic_valid("OKOYFIHHXXX"));
	CHECK(!inv_bic_valid("NDEAFIH"));
	CHECK(!inv_bic_valid("ndeafihh"));
	CHECK(!inv_bic_valid("1DEAFIHH"));
	CHECK(!inv_bic_valid(""));
}

TEST(reference)
{
	char b[32];
	CHECK(inv_ref_check("1234") == 4);
	CHECK_STR(inv_ref_make(b, sizeof(b), "1234"), "12344");
	CHECK_STR(inv_ref_make(b, sizeof(b), "123456"), "1234561");
	CHECK_STR(inv_ref_make(b, sizeof(b), "200001"), "2000011");
	CHECK_STR(inv_ref_make(b, sizeof(b), "100"), "1009");
	CHECK(inv_ref_make(b, sizeof(b), "12") == NULL);
	CHECK(inv_ref_make(b, sizeof(b), "12a4") == NULL);
	CHECK(inv_ref_make(b, 5, "1234") == NULL);
	CHECK_STR(inv_ref_for(b, sizeof(b), 2, 1), "2000011");
	CHECK(inv_ref_valid("12344"));
	CHECK(inv_ref_valid("12 344"));
	CHECK(!inv_ref_valid("12345"));
	CHECK(!inv_ref_valid("123"));
	CHECK(!inv_ref_valid("1234x"));
	/* Every base: the made number is valid and one changed digit is
	 * not. */
	for (int base = 100; base < 5000; base += 7) {
		char s[16];
		snprintf(s, sizeof(s), "%d", base);
		CHECK(inv_ref_make(b, sizeof(b), s) != NULL);
		CHECK(inv_ref_valid(b));
		size_t k = strlen(b);
		b[k - 1] = (char)('0' + (b[k - 1] - '0' + 1) % 10);
		CHECK(!inv_ref_valid(b));
	}
}

TEST(numbers_and_months)
{
	char b[32];
	CHECK_STR(inv_number_format(b, sizeof(b), 2, 1), "2-00001");
	CHECK_STR(inv_number_format(b, sizeof(b), 12, 123456), "12-123456");
	CHECK(inv_number_format(b, 4, 2, 1) == NULL);
	CHECK(inv_month_valid("2026-11"));
	CHECK(inv_month_valid("2026-01"));
	CHECK(!inv_month_valid("2026-13"));
	CHECK(!inv_month_valid("2026-00"));
	CHECK(!inv_month_valid("2026-1"));
	CHECK(!inv_month_valid("26-11-01"));
	CHECK(!inv_month_valid(""));
	CHECK(!inv_month_valid(NULL));
}

int main(void)
{
	RUN(line_totals);
	RUN(property_totals);
	RUN(iban);
	RUN(bic);
	RUN(reference);
	RUN(numbers_and_months);
	return TEST_END();
}
