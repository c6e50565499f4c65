/* test_tmpl.c: template parsing, HTML contexts, rendering, includes. */
#include <stdlib.h>
#include <unistd.h>

#include "paikka/arena.h"
#include "paikka/tmpl.h"
#include "test.h"

static char out_s[16384];
static char err_s[512];

/* Builds a set from n (name, source) pairs, renders main with v and
 * returns the output, or "ERR " and the message when building or
 * rendering fails. */
static const char *render_pairs(const char *const *pairs, size_t n,
    const char *main_name, const struct tvars *v)
{
	struct tmpl *ts[32];
	for (size_t i = 0; i < n; i++) {
		ts[i] = tmpl_parse(pairs[2 * i], pairs[2 * i + 1],
		    strlen(pairs[2 * i + 1]), err_s, sizeof(err_s));
		if (ts[i] == NULL) {
			while (i > 0)
				tmpl_free(ts[--i]);
			snprintf(out_s, sizeof(out_s), "ERR %s", err_s);
			return out_s;
		}
	}
	struct tmpl_set *s = tmpl_set_new(ts, n, err_s, sizeof(err_s));
	if (s == NULL) {
		snprintf(out_s, sizeof(out_s), "ERR %s", err_s);
		return out_s;
	}
	struct buf b;
	buf_init(&b);
	if (tmpl_render(s, main_name, v, &b) < 0)
		snprintf(out_s, sizeof(out_s), "ERR render");
	else
		snprintf(out_s, sizeof(out_s), "%s", b.len ? b.data : "");
	buf_free(&b);
	tmpl_set_free(s);
	return out_s;
}

static const char *render1(const char *src, const struct tvars *v)
{
	const char *pairs[] = {"main", src};
	return render_pairs(pairs, 1, "main", v);
}

/* The variables most cases render with. */
static struct tvars *fixture(struct arena *a)
{
	struct tvars *v = tv_new(a);
	tv_set(v, "plain", "Ann");
	tv_set(v, "name", "<i>&\"'");
	tv_set(v, "url", "/p?a=1&b=2");
	tv_set(v, "abs", "https://example.com/x");
	tv_set(v, "evil", "javascript:alert(1)");
	tv_set(v, "evil_up", "JAVASCRIPT:alert(1)");
	tv_set(v, "proto", "//evil.example");
	tv_set(v, "data", "data:text/html,x");
	tv_set(v, "ctl", "/a\nb");
	tv_set(v, "id", "4 2/x");
	tv_set(v, "html", "<b>bold</b>");
	tv_set(v, "curly", "{{name}} {{#if one}}");
	tv_set(v, "empty", "");
	tv_set(v, "zero", "0");
	tv_set(v, "one", "1");
	tv_set(v, "outer", "O");
	struct tlist *people = tv_list(v, "people");
	struct tvars *ann = tl_add(people);
	tv_set(ann, "name", "Ann");
	struct tlist *pets = tv_list(ann, "pets");
	tv_set(tl_add(pets), "pet", "cat");
	tv_set(tl_add(pets), "pet", "dog");
	struct tvars *bo = tl_add(people);
	tv_set(bo, "name", "Bo<");
	tv_list(bo, "pets");
	tv_list(v, "none");
	return v;
}

struct rcase {
	const char *src;
	const char *want;
};

/* Runs a table of render cases against the fixture. */
static void check_renders(const struct rcase *cases, size_t n)
{
	struct arena *a = arena_new();
	struct tvars *v = fixture(a);
	for (size_t i = 0; i < n; i++) {
		const char *got = render1(cases[i].src, v);
		if (strcmp(got, cases[i].want) != 0)
			printf("# case %zu: %s\n", i, cases[i].src);
		CHECK_STR(got, cases[i].want);
	}
	arena_free(a);
}

TEST(values_are_escaped_for_text_and_attributes)
{
	static const struct rcase cases[] = {
	    {"Hi {{plain}}!", "Hi Ann!"},
	    {"{{ plain }}", "Ann"},
	    {"{{name}}", "&lt;i&gt;&amp;&quot;&#39;"},
	    {"<p title=\"{{name}}\">",
	        "<p title=\"&lt;i&gt;&amp;&quot;&#39;\">"},
	    {"<p title='{{name}}'>", "<p title='&lt;i&gt;&amp;&quot;&#39;'>"},
	    {"<input value=\"x{{plain}}y\" name=v>",
	        "<input value=\"xAnny\" name=v>"},
	    {"<textarea>{{name}}</textarea>",
	        "<textarea>&lt;i&gt;&amp;&quot;&#39;</textarea>"},
	    {"<title>{{plain}}</title>", "<title>Ann</title>"},
	    {"<a title=\"{{evil}}\">", "<a title=\"javascript:alert(1)\">"},
	    {"[{{missing}}]", "[]"},
	    {"[{{people}}]", "[]"},
	    {"{{curly}}", "{{name}} {{#if one}}"},
	    {"{{raw html}}", "<b>bold</b>"},
	    {"{{raw}}", ""},
	    {"a{{! a comment }}b", "ab"},
	    {"a{{! two\nlines }}b", "ab"},
	    {"x }} y { z", "x }} y { z"},
	};
	check_renders(cases, sizeof(cases) / sizeof(*cases));
}

TEST(url_attributes_are_checked)
{
	static const struct rcase cases[] = {
	    {"<a href=\"{{url}}\">", "<a href=\"/p?a=1&amp;b=2\">"},
	    {"<a href=\"{{abs}}\">", "<a href=\"https://example.com/x\">"},
	    {"<a href=\"{{evil}}\">", "<a href=\"#\">"},
	    {"<a HREF='{{evil_up}}'>", "<a HREF='#'>"},
	    {"<img src=\"{{proto}}\">", "<img src=\"#\">"},
	    {"<form action=\"{{data}}\">", "<form action=\"#\">"},
	    {"<button FormAction=\"{{ctl}}\">", "<button FormAction=\"#\">"},
	    {"<a href = \"{{evil}}\">", "<a href = \"#\">"},
	    {"<a href=\"{{missing}}\">", "<a href=\"\">"},
	    /* After the start of the value, values are percent-encoded. */
	    {"<a href=\"/t/{{id}}\">", "<a href=\"/t/4%202%2Fx\">"},
	    {"<a href=\"/t/{{proto}}\">", "<a href=\"/t/%2F%2Fevil.example\">"},
	    {"<a href=\"{{url}}&amp;q={{name}}\">",
	        "<a href=\"/p?a=1&amp;b=2&amp;q=%3Ci%3E%26%22%27\">"},
	    {"<a href=\"{{#if one}}{{url}}{{/if}}{{id}}\">",
	        "<a href=\"/p?a=1&amp;b=2"
	        "4%202%2Fx\">"},
	    {"<a href=\"{{#if zero}}/x/{{/if}}{{evil}}\">",
	        "<a href=\"javascript%3Aalert%281%29\">"},
	    {"<a href=\"{{#each people}}{{name}}{{/each}}\">",
	        "<a href=\"AnnBo%3C\">"},
	    {"<a href=\"{{t \"/help\"}}\">", "<a href=\"/help\">"},
	};
	check_renders(cases, sizeof(cases) / sizeof(*cases));
}

TEST(blocks_render)
{
	static const struct rcase cases[] = {
	    {"{{#if one}}y{{else}}n{{/if}}", "y"},
	    {"{{#if plain}}y{{else}}n{{/if}}", "y"},
	    {"{{#if zero}}y{{else}}n{{/if}}", "n"},
	    {"{{#if empty}}y{{else}}n{{/if}}", "n"},
	    {"{{#if missing}}y{{else}}n{{/if}}", "n"},
	    {"{{#if people}}y{{else}}n{{/if}}", "y"},
	    {"{{#if none}}y{{else}}n{{/if}}", "n"},
	    {"{{#if one}}y{{/if}}|{{#if zero}}y{{/if}}", "y|"},
	    {"{{#unless zero}}u{{/unless}}", "u"},
	    {"{{#unless one}}u{{else}}e{{/unless}}", "e"},
	    {"{{#if one}}{{#if zero}}a{{else}}b{{/if}}{{else}}c{{/if}}", "b"},
	    {"{{#each people}}[{{name}}:{{#each pets}}{{pet}}/{{name}}/"
	     "{{outer}},{{/each}}]{{/each}}",
	        "[Ann:cat/Ann/O,dog/Ann/O,][Bo&lt;:]"},
	    {"{{#each none}}x{{/each}}-", "-"},
	    {"{{#each missing}}x{{/each}}-", "-"},
	    {"{{#each plain}}x{{/each}}-", "-"},
	    {"{{#each people}}{{#if pets}}{{name}} has pets{{/if}}{{/each}}",
	        "Ann has pets"},
	    {"<option {{#if one}}selected{{/if}}>", "<option selected>"},
	    {"<li class=\"{{#if one}}on{{else}}off{{/if}}\">",
	        "<li class=\"on\">"},
	    {"{{#if one}}<b>{{else}}<i>{{/if}}{{plain}}", "<b>Ann"},
	    /* Branches may end in different states that meet again. */
	    {"<option {{#if one}}selected{{/if}} {{#if zero}}disabled{{/if}}>",
	        "<option selected >"},
	    {"<a {{#if one}}href=\"{{/if}}x\">", "<a href=\"x\">"},
	    {"<a {{#if zero}}href=\"{{/if}}x\">", "<a x\">"},
	    {"{{#if one}}<b>{{else}}<i{{/if}}>", "<b>>"},
	    {"<a {{#if one}}href{{else}}title{{/if}}=\"{{evil}}\">",
	        "<a href=\"#\">"},
	    {"<a {{#if zero}}href{{else}}title{{/if}}=\"{{evil}}\">",
	        "<a title=\"#\">"},
	};
	check_renders(cases, sizeof(cases) / sizeof(*cases));
}

TEST(markup_the_tracker_must_follow)
{
	static const struct rcase cases[] = {
	    {"<script src=\"/a.js\"></script>{{plain}}",
	        "<script src=\"/a.js\"></script>Ann"},
	    {"<script>if (a < b) x = '</b>';</SCRIPT >{{plain}}",
	        "<script>if (a < b) x = '</b>';</SCRIPT >Ann"},
	    {"<style>p > a {}</style><p>{{plain}}",
	        "<style>p > a {}</style><p>Ann"},
	    {"<!-- <a href= --><p>{{plain}}", "<!-- <a href= --><p>Ann"},
	    {"<!--><p>{{plain}}", "<!--><p>Ann"},
	    {"<!-- x --!><p>{{plain}}", "<!-- x --!><p>Ann"},
	    {"<!DOCTYPE html><p>{{plain}}", "<!DOCTYPE html><p>Ann"},
	    {"a < b {{plain}}", "a < b Ann"},
	    {"<br/><img src=\"/x\"/>{{plain}}", "<br/><img src=\"/x\"/>Ann"},
	    {"<a title=\"x>y\" href=\"{{url}}\">",
	        "<a title=\"x>y\" href=\"/p?a=1&amp;b=2\">"},
	    {"<textarea><script></textarea>{{plain}}",
	        "<textarea><script></textarea>Ann"},
	};
	check_renders(cases, sizeof(cases) / sizeof(*cases));
}

TEST(translated_literals)
{
	static const struct rcase cases[] = {
	    {"{{t \"Hello\"}}", "Hello"},
	    {"{{t \"Say \\\"hi\\\" \\\\ <b>\"}}",
	        "Say &quot;hi&quot; \\ &lt;b&gt;"},
	    {"{{t \"a }} b\"}}", "a }} b"},
	    {"<p title=\"{{t \"x'y\"}}\">", "<p title=\"x&#39;y\">"},
	    {"{{t}}", ""},
	};
	check_renders(cases, sizeof(cases) / sizeof(*cases));
}

struct ecase {
	const char *src;
	int line;
	const char *words; /* must appear in the message */
};

TEST(parse_errors_name_the_line)
{
	static const struct ecase cases[] = {
	    {"<script>{{x}}</script>", 1, "inside <script>"},
	    {"\n<style>\n{{x}}</style>", 3, "inside <style>"},
	    {"<script>{{t \"x\"}}</script>", 1, "inside <script>"},
	    {"<iframe>{{x}}</iframe>", 1, "inside <iframe>"},
	    {"<script><!--</script>", 1, "<!"},
	    {"<a href={{x}}>", 1, "unquoted"},
	    {"<a title=a{{x}}>", 1, "unquoted"},
	    {"<{{x}}>", 1, "tag name"},
	    {"<a{{x}}>", 1, "tag name"},
	    {"<a {{x}}>", 1, "attribute name"},
	    {"<a b{{x}}>", 1, "attribute name"},
	    {"<a b=\"\" {{x}}>", 1, "attribute name"},
	    {"</a {{x}}>", 1, "end tag"},
	    {"<a onclick=\"{{x}}\">", 1, "event handler"},
	    {"<a style=\"{{x}}\">", 1, "style"},
	    {"<iframe srcdoc=\"{{x}}\">", 1, "srcdoc"},
	    {"<!-- {{x}} -->", 1, "comment"},
	    {"x\n{{#if a}}\ny", 2, "unclosed {{#if}}"},
	    {"\n\n{{#each a}}{{/if}}{{/each}}", 3, "does not close"},
	    {"{{/if}}", 1, "without an open block"},
	    {"{{#if a}}{{else}}\n{{else}}{{/if}}", 2, "second {{else}}"},
	    {"{{#each a}}{{else}}{{/each}}", 1, "{{else}} outside"},
	    {"{{else}}", 1, "{{else}} outside"},
	    {"\n{{#foo a}}{{/foo}}", 2, "unknown block {{#foo}}"},
	    {"{{}}", 1, "empty name"},
	    {"{{ }}", 1, "empty name"},
	    {"{{#if}}{{/if}}", 1, "empty name"},
	    {"{{raw a-b}}", 1, "bad character '-'"},
	    {"{{a-b}}", 1, "bad character '-'"},
	    {"{{a b}}", 1, "bad character 'b'"},
	    {"{{{a}}}", 1, "bad character '{'"},
	    {"{{#if a b}}{{/if}}", 1, "bad character 'b'"},
	    {"\n{{x", 2, "unclosed {{"},
	    {"{{! x", 1, "unclosed {{!"},
	    {"{{t \"x}}", 1, "unterminated"},
	    {"{{t \"a\\nb\"}}", 1, "bad escape"},
	    {"{{t \"\"}}", 1, "empty message id"},
	    {"{{#if a}}<script>{{/if}}", 1, "template ends inside <script>"},
	    {"\n<script>{{#if a}}</script>{{/if}}", 2, "ends inside <script>"},
	    {"{{#if a}}<a href={{/if}}{{x}}>", 1, "unquoted"},
	    {"<p>{{#if a}}<script>{{/if}}{{x}}</script>", 1, "inside <script>"},
	    {"{{#if a}}<b{{/if}}{{> x}}>", 1, "{{> ...}} is not allowed"},
	    {"{{#each a}}<a title=\"{{/each}}\">", 1,
	        "{{#each}} from line 1 must end in the HTML context"},
	    {"<a\n{{#if a}}b{{/if}}{{#if a}}c{{/if}}{{#if a}}d{{/if}}"
	     "{{#if a}}e{{/if}}{{#if a}}f{{/if}}>",
	        2, "too many possible HTML contexts"},
	    {"<p\n", 2, "template ends in an attribute name"},
	    {"<script>", 1, "template ends inside <script>"},
	    {"<!-- x", 1, "template ends inside an HTML comment"},
	    {"<p title=\"{{> x}}\">", 1, "{{> ...}} is not allowed"},
	    {"<svg><![CDATA[x]]></svg>", 1, "CDATA"},
	    {"<plaintext>", 1, "plaintext"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct ecase *c = &cases[i];
		struct tmpl *t = tmpl_parse(
		    "page", c->src, strlen(c->src), err_s, sizeof(err_s));
		char where[32];
		snprintf(where, sizeof(where), "page:%d: ", c->line);
		int ok = t == NULL &&
		         strncmp(err_s, where, strlen(where)) == 0 &&
		         strstr(err_s, c->words) != NULL;
		if (!ok)
			printf("# case %zu: %s -> %s\n", i, c->src,
			    t ? "(parsed)" : err_s);
		CHECK(ok);
		tmpl_free(t);
	}
}

TEST(includes_render_and_are_checked)
{
	struct arena *a = arena_new();
	struct tvars *v = fixture(a);
	const char *ok[] = {"main", "A{{> part}}C{{> part}}", "part",
	    "[{{plain}}{{> leaf}}]", "leaf",
	    "{{#each people}}{{name}}{{/each}}"};
	CHECK_STR(
	    render_pairs(ok, 3, "main", v), "A[AnnAnnBo&lt;]C[AnnAnnBo&lt;]");
	const char *missing[] = {"main", "x\n{{> nope}}"};
	CHECK_STR(render_pairs(missing, 1, "main", v),
	    "ERR main:2: include of unknown template \"nope\"");
	const char *cycle[] = {
	    "a", "{{> b}}", "b", "\n{{> c}}", "c", "{{> a}}"};
	CHECK(strstr(render_pairs(cycle, 3, "a", v), "makes a cycle") != NULL);
	const char *self[] = {"a", "{{#if x}}{{> a}}{{/if}}"};
	CHECK_STR(render_pairs(self, 1, "a", v),
	    "ERR a:1: include of \"a\" makes a cycle");
	const char *dup[] = {"a", "x", "a", "y"};
	CHECK_STR(
	    render_pairs(dup, 2, "a", v), "ERR two templates named \"a\"");
	CHECK_STR(render_pairs(ok, 3, "nope", v), "ERR render");
	arena_free(a);
}

TEST(include_depth_is_limited)
{
	/* t0 includes t1 ... includes t17: 17 levels from t0, 16 from t1. */
	static char names[18][16], srcs[18][32];
	const char *pairs[36];
	for (int i = 0; i < 18; i++) {
		snprintf(names[i], sizeof(names[i]), "t%d", i);
		snprintf(srcs[i], sizeof(srcs[i]),
		    i < 17 ? "%d{{> t%d}}" : "%d", i, i + 1);
		pairs[2 * i] = names[i];
		pairs[2 * i + 1] = srcs[i];
	}
	CHECK_STR(
	    render_pairs(pairs, 18, "t1", NULL), "1234567891011121314151617");
	CHECK_STR(render_pairs(pairs, 18, "t0", NULL), "ERR render");
}

TEST(render_appends_and_failure_leaves_out_alone)
{
	const char *src = "<p>{{> x}}";
	struct tmpl *t[2] = {tmpl_parse("p", src, strlen(src), NULL, 0),
	    tmpl_parse("x", "{{#if a}}1{{/if}}", 17, NULL, 0)};
	struct tmpl_set *s = tmpl_set_new(t, 2, err_s, sizeof(err_s));
	CHECK(s != NULL && tmpl_exists(s, "p") && tmpl_exists(s, "x"));
	CHECK(!tmpl_exists(s, "y") && !tmpl_exists(s, "p.html"));
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "head");
	CHECK(tmpl_render(s, "p", NULL, &b) == 0);
	CHECK_STR(b.data, "head<p>");
	CHECK(tmpl_render(s, "none", NULL, &b) == -1);
	CHECK_STR(b.data, "head<p>");
	buf_free(&b);
	tmpl_set_free(s);
}

TEST(tvars_override_and_scopes)
{
	struct arena *a = arena_new();
	struct tvars *v = tv_new(a);
	tv_set(v, "k", "1");
	tv_set(v, "k", "2");
	CHECK_STR(tv_get(v, "k"), "2");
	CHECK_STR(render1("{{k}}", v), "2");
	char key[] = "copied";
	tv_set(v, key, "yes");
	key[0] = 'X';
	CHECK_STR(tv_get(v, "copied"), "yes");
	tv_setf(v, "f", "%d-%s", 5, "x");
	CHECK_STR(tv_get(v, "f"), "5-x");
	tv_bool(v, "b", 1);
	CHECK_STR(render1("{{#if b}}on{{/if}}", v), "on");
	tv_bool(v, "b", 0);
	CHECK_STR(render1("{{#if b}}on{{/if}}", v), "");
	CHECK(tv_get(v, "nope") == NULL);
	struct tlist *l = tv_list(v, "l");
	CHECK(tv_list(v, "l") == l);
	CHECK(tv_get(v, "l") == NULL);
	struct tvars *it = tl_add(l);
	tv_set(it, "own", "I");
	tv_set(it, "k", "item");
	CHECK(tv_get(it, "f") == NULL);
	CHECK_STR(
	    render1("{{#each l}}{{k}}{{own}}{{f}}{{/each}}{{k}}{{own}}", v),
	    "itemI5-x2");
	tv_set(v, "l", "now a string");
	CHECK_STR(render1("{{#each l}}x{{/each}}{{l}}", v), "now a string");
	arena_free(a);
}

/* Writes name into dir with the given contents. */
static void write_file(const char *dir, const char *name, const char *s)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (f != NULL) {
		fputs(s, f);
		fclose(f);
	}
}

static void remove_file(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

TEST(load_dir)
{
	char dir[] = "/tmp/test_tmpl.XXXXXX";
	CHECK(mkdtemp(dir) != NULL);
	write_file(dir, "layout.html", "<main>{{> part}}</main>");
	write_file(dir, "part.html", "{{t \"Hi\"}} {{who}}");
	write_file(dir, "notes.txt", "{{#broken");
	struct tmpl_set *s = tmpl_load_dir(dir, err_s, sizeof(err_s));
	CHECK(s != NULL);
	CHECK(tmpl_exists(s, "layout") && tmpl_exists(s, "part"));
	CHECK(!tmpl_exists(s, "notes") && !tmpl_exists(s, "layout.html"));
	struct arena *a = arena_new();
	struct tvars *v = tv_new(a);
	tv_set(v, "who", "<you>");
	struct buf b;
	buf_init(&b);
	CHECK(tmpl_render(s, "layout", v, &b) == 0);
	CHECK_STR(b.data, "<main>Hi &lt;you&gt;</main>");
	buf_free(&b);
	arena_free(a);
	tmpl_set_free(s);

	write_file(dir, "bad.html", "ok\n<a href={{x}}>");
	s = tmpl_load_dir(dir, err_s, sizeof(err_s));
	CHECK(s == NULL);
	CHECK(strncmp(err_s, "bad:2: ", 7) == 0);
	remove_file(dir, "bad.html");
	remove_file(dir, "part.html");
	s = tmpl_load_dir(dir, err_s, sizeof(err_s));
	CHECK(s == NULL && strstr(err_s, "unknown template \"part\"") != NULL);
	remove_file(dir, "layout.html");
	remove_file(dir, "notes.txt");
	rmdir(dir);
	CHECK(tmpl_load_dir(dir, err_s, sizeof(err_s)) == NULL);
	CHECK(strstr(err_s, dir) != NULL);
}

int main(void)
{
	RUN(values_are_escaped_for_text_and_attributes);
	RUN(url_attributes_are_checked);
	RUN(blocks_render);
	RUN(markup_the_tracker_must_follow);
	RUN(translated_literals);
	RUN(parse_errors_name_the_line);
	RUN(includes_render_and_are_checked);
	RUN(include_depth_is_limited);
	RUN(render_appends_and_failure_leaves_out_alone);
	RUN(tvars_override_and_scopes);
	RUN(load_dir);
	return TEST_END();
}
