/* test_html.c: the HTML, URL and query-argument writers. */
#include "paikka/arena.h"
#include "paikka/html.h"
#include "test.h"

struct pair {
	const char *in;
	const char *want;
};

TEST(text_escapes_each_special_char)
{
	static const struct pair cases[] = {
	    {"", ""},
	    {"plain text", "plain text"},
	    {"&", "&amp;"},
	    {"<", "&lt;"},
	    {">", "&gt;"},
	    {"\"", "&quot;"},
	    {"'", "&#39;"},
	    {"a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f"},
	    {"<script>alert('x')</script>",
	        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
	    {"&amp;", "&amp;amp;"},
	    {"äö € {{x}}", "äö € {{x}}"},
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		buf_reset(&b);
		html_text(&b, cases[i].in);
		CHECK_STR(b.len ? b.data : "", cases[i].want);
	}
	buf_free(&b);
}

TEST(text_appends_and_takes_lengths)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "x=");
	html_text(&b, NULL);
	html_textn(&b, "<a>\0<b>", 7);
	CHECK(b.len == 21); /* "x=" + 9 + NUL + 9 */
	CHECK(memcmp(b.data, "x=&lt;a&gt;\0&lt;b&gt;", b.len) == 0);
	buf_reset(&b);
	html_textn(&b, "<<<>>>", 2);
	CHECK_STR(b.data, "&lt;&lt;");
	buf_free(&b);
}

TEST(url_ok_table)
{
	static const struct {
		const char *url;
		int ok;
	} cases[] = {
	    {"/", 1},
	    {"/tenders/12?tab=bids#top", 1},
	    {"#top", 1},
	    {"?page=2", 1},
	    {"http://example.com", 1},
	    {"https://example.com/a?b=<c>", 1},
	    {"HTTPS://EXAMPLE.COM/", 1},
	    {"mailto:info@example.fi", 1},
	    {"MailTo:info@example.fi", 1},
	    {"/ä/€", 1},
	    {"", 0},
	    {"javascript:alert(1)", 0},
	    {"JAVASCRIPT:alert(1)", 0},
	    {"JavaScript:alert(1)", 0},
	    {" javascript:alert(1)", 0},
	    {"vbscript:msgbox(1)", 0},
	    {"data:text/html,<script>alert(1)</script>", 0},
	    {"//evil.example", 0},
	    {"//evil.example/path", 0},
	    {"/\\evil.example", 0},
	    {"\\\\evil.example", 0},
	    {"foo", 0},
	    {"foo/bar", 0},
	    {"evil.example", 0},
	    {"http:/evil.example", 0},
	    {"http:\\\\evil.example", 0},
	    {"ftp://example.com", 0},
	    {"/a\tb", 0},
	    {"/a\nb", 0},
	    {"/a\rb", 0},
	    {"/a\x7f", 0},
	    {"https://example.com/\x01", 0},
	    {"\x01/", 0},
	    {"java\tscript:alert(1)", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		if (html_url_ok(cases[i].url) != cases[i].ok)
			printf("# url case %zu: \"%s\"\n", i, cases[i].url);
		CHECK(html_url_ok(cases[i].url) == cases[i].ok);
	}
	CHECK(html_url_ok(NULL) == 0);
}

TEST(url_escapes_or_replaces)
{
	static const struct pair cases[] = {
	    {"/a?b=1&c=<2>", "/a?b=1&amp;c=&lt;2&gt;"},
	    {"https://example.com/\"x'", "https://example.com/&quot;x&#39;"},
	    {"javascript:alert(1)", "#"},
	    {"//evil.example", "#"},
	    {"data:,x", "#"},
	    {"", "#"},
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		buf_reset(&b);
		html_url(&b, cases[i].in);
		CHECK_STR(b.data, cases[i].want);
	}
	buf_free(&b);
}

TEST(url_arg_encodes_all_but_unreserved)
{
	static const struct pair cases[] = {
	    {"", ""},
	    {"AZaz09-_.~", "AZaz09-_.~"},
	    {"a b", "a%20b"},
	    {"a&b=c/d?e#f", "a%26b%3Dc%2Fd%3Fe%23f"},
	    {"<\"'>", "%3C%22%27%3E"},
	    {"é", "%C3%A9"},
	    {"%", "%25"},
	    {"+:@", "%2B%3A%40"},
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		buf_reset(&b);
		url_arg(&b, cases[i].in);
		CHECK_STR(b.len ? b.data : "", cases[i].want);
	}
	buf_free(&b);
}

TEST(raw_is_unescaped)
{
	struct buf b;
	buf_init(&b);
	html_raw(&b, "<b>&'\"</b>");
	html_raw(&b, NULL);
	CHECK_STR(b.data, "<b>&'\"</b>");
	buf_free(&b);
}

int main(void)
{
	RUN(text_escapes_each_special_char);
	RUN(text_appends_and_takes_lengths);
	RUN(url_ok_table);
	RUN(url_escapes_or_replaces);
	RUN(url_arg_encodes_all_but_unreserved);
	RUN(raw_is_unescaped);
	return TEST_END();
}
