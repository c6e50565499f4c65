/* test_attendance.c: status words, the CSV reader, row rules, warnings. */
#include "paikka/arena.h"
#include "paikka/attendance.h"
#include "test.h"

static struct arena *A;

static struct cal_date D(int y, int m, int d) {
	return (struct cal_date){y, m, d};
}

static enum att_err
rd(const char *s, struct att_csv *c)
{
	return att_csv_read(A, s, strlen(s), c);
}

TEST(status_words)
{
	CHECK(att_status_from_word("present") == ATT_PRESENT);
	CHECK(att_status_from_word(" PRESENT ") == ATT_PRESENT);
	CHECK(att_status_from_word("läsnä") == ATT_PRESENT);
	CHECK(att_status_from_word("LÄSNÄ") == ATT_PRESENT);
	CHECK(att_status_from_word("Läsnä") == ATT_PRESENT);
	CHECK(att_status_from_word("Absent") == ATT_ABSENT_OTHER);
	CHECK(att_status_from_word("POISSA") == ATT_ABSENT_OTHER);
	CHECK(att_status_from_word("sick") == ATT_NONE);
	CHECK(att_status_from_word("") == ATT_NONE);
	CHECK(att_status_from_word("presentpresentpresent") == ATT_NONE);
	CHECK(att_status_from_code("absent_sick") == ATT_ABSENT_SICK);
	CHECK(att_status_from_code("") == ATT_NONE);
	CHECK_STR(att_status_code(ATT_ABSENT_OTHER), "absent_other");
}

TEST(dates_both_formats)
{
	struct cal_date d;
	CHECK(att_parse_date("2026-05-14", &d) && d.y == 2026 && d.m == 5 &&
	      d.d == 14);
	CHECK(att_parse_date("14.5.2026", &d) && d.m == 5 && d.d == 14);
	CHECK(att_parse_date("04.05.2026", &d) && d.m == 5 && d.d == 4);
	CHECK(att_parse_date("29.2.2028", &d));
}

TEST(error_date_does_not_exist)
{
	CHECK(!att_parse_date("31.2.2026", NULL));
	CHECK(!att_parse_date("2026-02-31", NULL));
	CHECK(!att_parse_date("29.2.2026", NULL));
	CHECK(!att_parse_date("14.5.26", NULL));
	CHECK(!att_parse_date("14/5/2026", NULL));
	CHECK(!att_parse_date("", NULL));
	CHECK(!att_parse_date("14.5.2026x", NULL));
}

TEST(error_status)
{
	CHECK(att_status_from_word("here") == ATT_NONE);
	CHECK(att_status_from_word("absent_sick") == ATT_NONE);
}

TEST(error_hours)
{
	int h;
	CHECK(att_parse_hours("", &h) == ATT_OK && h == 0);
	CHECK(att_parse_hours("5", &h) == ATT_OK && h == 5);
	CHECK(att_parse_hours("24", &h) == ATT_OK && h == 24);
	CHECK(att_parse_hours("1", &h) == ATT_OK && h == 1);
	CHECK(att_parse_hours("0", &h) == ATT_E_HOURS);
	CHECK(att_parse_hours("25", &h) == ATT_E_HOURS);
	CHECK(att_parse_hours("4.5", &h) == ATT_E_HOURS);
	CHECK(att_parse_hours("-3", &h) == ATT_E_HOURS);
	CHECK(att_parse_hours("five", &h) == ATT_E_HOURS);
	CHECK(att_parse_hours("123", &h) == ATT_E_HOURS);
}

static struct att_placement pl(const char *ref, struct cal_date start,
    struct cal_date end, struct cal_date period_end)
{
	return (struct att_placement){1, ref, start, end, period_end,
	    D(2026, 1, 1), D(2026, 12, 31), 1 | 2 | 4};
}

TEST(error_unknown_ref)
{
	struct att_placement p[] = {
	    pl("AK1001", D(2026, 1, 1), D(0, 0, 0), D(2026, 6, 30))};
	CHECK(att_pick_placement(p, 1, "ZZ9999", D(2026, 2, 2)) == -1);
	CHECK(att_pick_placement(p, 1, "ak1001", D(2026, 2, 2)) == -1);
	CHECK(att_pick_placement(p, 1, "AK1001", D(2026, 2, 2)) == 0);
}

TEST(pick_placement_covering_date)
{
	struct att_placement p[] = {
	    pl("AK1001", D(2026, 1, 1), D(2026, 3, 31), D(2026, 3, 31)),
	    pl("AK1001", D(2026, 5, 1), D(0, 0, 0), D(2026, 7, 31)),
	};
	CHECK(att_pick_placement(p, 2, "AK1001", D(2026, 2, 2)) == 0);
	CHECK(att_pick_placement(p, 2, "AK1001", D(2026, 5, 2)) == 1);
	/* in neither: the first, which then gives the period error */
	CHECK(att_pick_placement(p, 2, "AK1001", D(2026, 4, 15)) == 0);
}

TEST(error_outside_period)
{
	struct att_placement p =
	    pl("A1", D(2026, 3, 2), D(0, 0, 0), D(2026, 6, 1));
	CHECK(att_check_day(&p, D(2026, 3, 1)) == ATT_E_PERIOD);
	CHECK(att_check_day(&p, D(2026, 3, 2)) == ATT_OK);
	CHECK(att_check_day(&p, D(2026, 6, 1)) == ATT_OK);
	CHECK(att_check_day(&p, D(2026, 6, 2)) == ATT_E_PERIOD);
	p.end = D(2026, 4, 10); /* ended */
	CHECK(att_check_day(&p, D(2026, 4, 10)) == ATT_OK);
	CHECK(att_check_day(&p, D(2026, 4, 11)) == ATT_E_PERIOD);
}

TEST(error_contract_not_in_force)
{
	struct att_placement p =
	    pl("A1", D(2025, 12, 1), D(0, 0, 0), D(2027, 3, 1));
	CHECK(att_check_day(&p, D(2025, 12, 31)) == ATT_E_CONTRACT);
	CHECK(att_check_day(&p, D(2026, 1, 1)) == ATT_OK);
	CHECK(att_check_day(&p, D(2027, 1, 1)) == ATT_E_CONTRACT);
}

TEST(error_messages)
{
	for (int e = ATT_E_REF; e < ATT_E__MAX; e++)
		CHECK(att_error_message((enum att_err)e)[0] != '\0');
}

TEST(csv_semicolon_iso)
{
	struct att_csv c;
	CHECK(rd("client_ref;date;status\nAK1001;2026-05-14;present\n", &c) ==
	      ATT_OK);
	CHECK(c.delim == ';' && !c.has_hours && c.nrows == 1);
	CHECK_STR(c.rows[0].client_ref, "AK1001");
	CHECK_STR(c.rows[0].date, "2026-05-14");
	CHECK_STR(c.rows[0].hours, "");
	CHECK(c.rows[0].row == 2 && c.rows[0].ncols == 3);
}

TEST(csv_comma_finnish_crlf_hours)
{
	struct att_csv c;
	CHECK(rd("client_ref,date,status,hours\r\nAK1001,14.5.2026,Läsnä,5\r\n"
	         "BM2002,15.5.2026,POISSA,\r\n",
	          &c) == ATT_OK);
	CHECK(c.delim == ',' && c.has_hours && c.nrows == 2);
	CHECK_STR(c.rows[0].status, "Läsnä");
	CHECK_STR(c.rows[0].hours, "5");
	CHECK_STR(c.rows[1].hours, "");
	CHECK(c.rows[1].row == 3);
}

TEST(csv_bom)
{
	struct att_csv c;
	CHECK(rd("\xef\xbb\xbf"
	         "client_ref;date;status\nA1;1.1.2026;present",
	          &c) == ATT_OK);
	CHECK(c.nrows == 1);
	CHECK_STR(c.rows[0].status, "present");
}

TEST(csv_quoted_fields)
{
	struct att_csv c;
	CHECK(rd("\"client_ref\";\"date\";\"status\"\n\"A;1\";\"1.1.2026\";"
	         "\"pre\"\"sent\"\n\"multi\nline\";x;y\nB2;2.1.2026;present\n",
	          &c) == ATT_OK);
	CHECK(c.nrows == 3);
	CHECK_STR(c.rows[0].client_ref, "A;1");
	CHECK_STR(c.rows[0].status, "pre\"sent");
	CHECK_STR(c.rows[1].client_ref, "multi\nline");
	CHECK(c.rows[2].row == 4);
	CHECK(rd("client_ref;date;status\n\"A1;x;y\n", &c) == ATT_E_QUOTE);
	CHECK(c.err_row == 2);
	CHECK(rd("client_ref;date;status\n\"A1\"x;y;z\n", &c) == ATT_E_QUOTE);
}

TEST(csv_bad_files)
{
	struct att_csv c;
	CHECK(rd("", &c) == ATT_E_EMPTY);
	CHECK(rd("\xef\xbb\xbf\n\r\n", &c) == ATT_E_EMPTY);
	CHECK(rd("client_ref;date;status\n", &c) == ATT_E_NO_ROWS);
	CHECK(rd("client_ref;date;status\n\n\n", &c) == ATT_E_NO_ROWS);
	CHECK(rd("ref;date;status\nA;1.1.2026;present\n", &c) == ATT_E_HEADER);
	CHECK(rd("client_ref;date\n", &c) == ATT_E_HEADER);
	CHECK(rd("client_ref;date;status\nA\xff;x;y\n", &c) == ATT_E_ENCODING);
	CHECK(att_csv_read(A, "client_ref;date;status\0\n", 24, &c) ==
	      ATT_E_ENCODING);
	CHECK(rd(",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
	         ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
	          &c) == ATT_E_HEADER);
	CHECK(rd("client_ref;date;status\nA;1.1.2026\nB;1;2;3;4\n", &c) ==
	      ATT_OK);
	CHECK(c.nrows == 2 && c.rows[0].ncols == 2 && c.rows[1].ncols == 5);
}

TEST(holidays_several_years)
{
	/* Independence Day, Midsummer Day, Ascension, Good Friday */
	CHECK(att_day_warnings(D(2026, 12, 6), ATT_PRESENT, 0) & ATT_W_HOLIDAY);
	CHECK(att_day_warnings(D(2025, 6, 21), ATT_PRESENT, 0) & ATT_W_HOLIDAY);
	CHECK(att_day_warnings(D(2026, 5, 14), ATT_PRESENT, 0) & ATT_W_HOLIDAY);
	CHECK(att_day_warnings(D(2027, 3, 26), ATT_PRESENT, 0) & ATT_W_HOLIDAY);
	CHECK(att_day_warnings(D(2028, 1, 6), ATT_PRESENT, 0) & ATT_W_HOLIDAY);
	CHECK(!(
	    att_day_warnings(D(2026, 5, 13), ATT_PRESENT, 0) & ATT_W_HOLIDAY));
	/* absent on a holiday is no warning */
	CHECK(att_day_warnings(D(2026, 12, 6), ATT_ABSENT_OTHER, 0) == 0);
}

TEST(warning_weekend)
{
	CHECK(
	    att_day_warnings(D(2026, 5, 16), ATT_PRESENT, 0) == ATT_W_WEEKEND);
	CHECK(
	    att_day_warnings(D(2026, 5, 17), ATT_PRESENT, 5) == ATT_W_WEEKEND);
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 5) == 0);
	CHECK(att_day_warnings(D(2026, 5, 16), ATT_ABSENT_SICK, 0) == 0);
}

TEST(warning_hours)
{
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 3) == ATT_W_HOURS);
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 7) == ATT_W_HOURS);
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 4) == 0);
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 6) == 0);
	CHECK(att_day_warnings(D(2026, 5, 15), ATT_PRESENT, 0) == 0);
}

static struct att_day day(int64_t pid, const char *ref, unsigned wd,
    struct cal_date d, enum att_status s)
{
	return (struct att_day){pid, ref, wd, d, s, 0, 0};
}

static unsigned warn_of(
    struct att_day *a, size_t n, int64_t pid, struct cal_date d)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].placement_id == pid && a[i].day.y == d.y &&
		    a[i].day.m == d.m && a[i].day.d == d.d)
			return a[i].warn;
	return 0xffff;
}

TEST(warning_week_across_month_boundary)
{
	/* ISO week 1 of 2026: Monday 29.12.2025 - Sunday 4.1.2026; two
	 * planned days (Monday, Tuesday). 1.1. is a holiday too. */
	struct att_day a[] = {
	    day(1, "A", 1 | 2, D(2025, 12, 29), ATT_PRESENT),
	    day(1, "A", 1 | 2, D(2025, 12, 30), ATT_PRESENT),
	    day(1, "A", 1 | 2, D(2026, 1, 2), ATT_PRESENT),
	    day(1, "A", 1 | 2, D(2026, 1, 5), ATT_PRESENT), /* next week */
	    day(1, "A", 1 | 2, D(2026, 1, 6), ATT_ABSENT_SICK),
	    day(1, "A", 1 | 2, D(2026, 1, 7), ATT_PRESENT),
	};
	att_warnings(a, 6);
	CHECK(warn_of(a, 6, 1, D(2026, 1, 2)) == ATT_W_WEEK);
	CHECK(warn_of(a, 6, 1, D(2025, 12, 29)) == ATT_W_WEEK);
	CHECK(warn_of(a, 6, 1, D(2026, 1, 5)) == 0);
	CHECK(warn_of(a, 6, 1, D(2026, 1, 7)) == 0);
	CHECK(att_iso_monday(D(2026, 1, 4)).y == 2025);
	CHECK(att_iso_monday(D(2026, 1, 4)).d == 29);
}

TEST(warning_same_client_two_placements)
{
	struct att_day a[] = {
	    day(1, "AK1001", 31, D(2026, 5, 13), ATT_PRESENT),
	    day(9, "AK1001", 31, D(2026, 5, 13), ATT_PRESENT),
	    day(1, "AK1001", 31, D(2026, 5, 12), ATT_PRESENT),
	    day(9, "AK1001", 31, D(2026, 5, 12), ATT_ABSENT_OTHER),
	    day(2, "BM2002", 31, D(2026, 5, 13), ATT_PRESENT),
	};
	att_warnings(a, 5);
	CHECK(warn_of(a, 5, 1, D(2026, 5, 13)) == ATT_W_SAME_CLIENT);
	CHECK(warn_of(a, 5, 9, D(2026, 5, 13)) == ATT_W_SAME_CLIENT);
	CHECK(warn_of(a, 5, 1, D(2026, 5, 12)) == 0);
	CHECK(warn_of(a, 5, 2, D(2026, 5, 13)) == 0);
	att_warnings(a, 0);
}

int main(void)
{
	A = arena_new();
	RUN(status_words);
	RUN(dates_both_formats);
	RUN(error_date_does_not_exist);
	RUN(error_status);
	RUN(error_hours);
	RUN(error_unknown_ref);
	RUN(pick_placement_covering_date);
	RUN(error_outside_period);
	RUN(error_contract_not_in_force);
	RUN(error_messages);
	RUN(csv_semicolon_iso);
	RUN(csv_comma_finnish_crlf_hours);
	RUN(csv_bom);
	RUN(csv_quoted_fields);
	RUN(csv_bad_files);
	RUN(holidays_several_years);
	RUN(warning_weekend);
	RUN(warning_hours);
	RUN(warning_week_across_month_boundary);
	RUN(warning_same_client_two_placements);
	arena_free(A);
	return TEST_END();
}
