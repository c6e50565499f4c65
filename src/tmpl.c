/* tmpl.c: the template engine (see tmpl.h).
 *
 * A template is parsed once into a flat array of nodes. A block node
 * ({{#if}}, {{#unless}}, {{#each}}) is followed by its body and records
 * where its {{else}} part starts and where the block ends, so rendering
 * is a loop over the array that allocates nothing. Text, names and
 * literals live in one pool per template.
 *
 * While parsing, the template text is fed byte by byte to a small HTML
 * tokenizer (struct hctx) that follows the states of the HTML standard's
 * tokenizer closely enough to know where each {{...}} lands: in text, in
 * a quoted attribute value (and whether that attribute takes a URL), or
 * somewhere no escaping is right (script, style, tag and attribute names,
 * unquoted values), which is a parse error. After a block the tokenizer
 * may be in any of the states its branches ended in, so the parser keeps
 * a small set of them (struct hset) and feeds each byte to all: a value
 * must be safe in every one, and "<option {{#if x}}selected{{/if}}>"
 * works because both states meet again at '>'. */
#include <dirent.h>
#include <errno.h>
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/html.h"
#include "paikka/tmpl.h"

enum {
	MAX_BLOCK_DEPTH = 64,
	MAX_INCLUDE_DEPTH = 16,
	MAX_FILE_SIZE = 4 * 1024 * 1024,
	NAME_KEEP = 12, /* bytes of a tag or attribute name worth keeping */
	HSET_MAX = 16,  /* contexts the branches of blocks may leave open */
};

/* ---- HTML context ---------------------------------------------------- */

enum hstate {
	H_DATA,
	H_TAG_OPEN,     /* after '<' */
	H_END_TAG_OPEN, /* after "</" */
	H_TAG_NAME,
	H_SELF_CLOSING, /* after '/' inside a tag */
	H_BEFORE_ATTR,
	H_ATTR_NAME,
	H_AFTER_ATTR,
	H_BEFORE_VALUE,
	H_VALUE_DQ,
	H_VALUE_SQ,
	H_VALUE_UNQ,
	H_BANG,      /* after "<!" */
	H_BANG_DASH, /* after "<!-" */
	H_COMMENT_START,
	H_COMMENT_START_DASH,
	H_COMMENT,
	H_COMMENT_END_DASH,
	H_COMMENT_END,
	H_COMMENT_END_BANG,
	H_BOGUS, /* <!doctype>, <?...>: up to the next '>' */
	H_RAW,   /* content of a raw text or RCDATA element */
	H_RAW_LT,
	H_RAW_END, /* after "</" in raw text, matching the element's name */
};

/* What a {{value}} in the current attribute's quoted value becomes. */
enum attr_kind { ATTR_PLAIN, ATTR_URL, ATTR_SCRIPT };

/* Elements whose content the browser does not parse as tags. RCDATA
 * (rcdata = 1) still decodes entities, so escaped values are right
 * there; in the others no value is allowed. Index 0 means none. */
static const struct {
	const char *name;
	int rcdata;
	const char *where;
} raw_elems[] = {
    {"", 0, ""},
    {"script", 0, "inside <script>"},
    {"style", 0, "inside <style>"},
    {"textarea", 1, "inside <textarea>"},
    {"title", 1, "inside <title>"},
    {"xmp", 0, "inside <xmp>"},
    {"iframe", 0, "inside <iframe>"},
    {"noembed", 0, "inside <noembed>"},
    {"noframes", 0, "inside <noframes>"},
    {"noscript", 0, "inside <noscript>"},
};
enum { ELEM_SCRIPT = 1 };

/* Attributes whose value is a URL, and so goes through html_url. */
static const char *const url_attrs[] = {"href", "src", "action", "formaction",
    "xlink:href", "data", "poster", "cite", "background", "srcset", "ping",
    "manifest"};

/* Where the tokenizer is. Only char-sized fields, so two contexts can be
 * compared with memcmp. */
struct hctx {
	unsigned char state;
	unsigned char end_tag;   /* inside an end tag */
	unsigned char elem;      /* raw_elems index of the start tag */
	unsigned char attr;      /* enum attr_kind of the current attribute */
	unsigned char url_begun; /* a URL value already has bytes */
	unsigned char match;     /* bytes of the end tag's name matched */
	unsigned char nlen;      /* name bytes read; NAME_KEEP + 1: longer */
	char name[NAME_KEEP];    /* tag or attribute name, lower case */
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char to_lower(unsigned char c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

static void name_clear(struct hctx *h)
{
	h->nlen = 0;
	memset(h->name, 0, sizeof(h->name));
}

static void name_add(struct hctx *h, unsigned char c)
{
	if (h->nlen < NAME_KEEP)
		h->name[h->nlen++] = to_lower(c);
	else
		h->nlen = NAME_KEEP + 1;
}

/* 1 when the name read so far is s. */
static int name_is(const struct hctx *h, const char *s)
{
	return strlen(s) == h->nlen && memcmp(h->name, s, h->nlen) == 0;
}

/* Ends a tag name. Returns NULL, or an error for <plaintext>, which no
 * end tag can close. */
static const char *tag_name_done(struct hctx *h)
{
	h->elem = 0;
	if (!h->end_tag) {
		if (name_is(h, "plaintext"))
			return "<plaintext> is not supported";
		for (size_t i = 1; i < sizeof(raw_elems) / sizeof(*raw_elems);
		     i++)
			if (name_is(h, raw_elems[i].name))
				h->elem = (unsigned char)i;
	}
	name_clear(h);
	return NULL;
}

/* Ends an attribute name and classifies the attribute. Event handlers,
 * style and srcdoc hold script, CSS or HTML: no escaping fits them. */
static void attr_name_done(struct hctx *h)
{
	h->attr = ATTR_PLAIN;
	if ((h->nlen >= 2 && h->name[0] == 'o' && h->name[1] == 'n') ||
	    name_is(h, "style") || name_is(h, "srcdoc"))
		h->attr = ATTR_SCRIPT;
	for (size_t i = 0; i < sizeof(url_attrs) / sizeof(*url_attrs); i++)
		if (name_is(h, url_attrs[i]))
			h->attr = ATTR_URL;
	name_clear(h);
}

/* The '>' of a tag: a start tag of a raw text element switches to its
 * content, everything else back to text. */
static void tag_done(struct hctx *h)
{
	h->state = (!h->end_tag && h->elem) ? H_RAW : H_DATA;
	if (h->state == H_DATA)
		h->elem = 0;
	h->end_tag = 0;
	h->attr = ATTR_PLAIN;
	h->url_begun = 0;
	h->match = 0;
}

/* The end of an attribute value. */
static void value_done(struct hctx *h)
{
	h->state = H_BEFORE_ATTR;
	h->attr = ATTR_PLAIN;
	h->url_begun = 0;
}

/* Text, tag open and tag name states. Returns NULL or an error; sets
 * *again when c must be fed again in the new state. */
static const char *step_tag(struct hctx *h, unsigned char c, int *again)
{
	switch (h->state) {
	case H_DATA:
		if (c == '<')
			h->state = H_TAG_OPEN;
		break;
	case H_TAG_OPEN:
		*again = c != '!' && c != '/' && c != '?';
		h->state = c == '!'      ? H_BANG
		           : c == '/'    ? H_END_TAG_OPEN
		           : c == '?'    ? H_BOGUS
		           : is_alpha(c) ? H_TAG_NAME
		                         : H_DATA;
		h->end_tag = 0;
		name_clear(h);
		break;
	case H_END_TAG_OPEN:
		*again = c != '>';
		h->state = is_alpha(c) ? H_TAG_NAME
		           : c == '>'  ? H_DATA
		                       : H_BOGUS;
		h->end_tag = is_alpha(c);
		break;
	case H_TAG_NAME:
		if (!is_space(c) && c != '/' && c != '>') {
			name_add(h, c);
			break;
		}
		h->state = H_BEFORE_ATTR;
		*again = 1;
		return tag_name_done(h);
	case H_SELF_CLOSING:
		if (c == '>') {
			tag_done(h);
		} else {
			h->state = H_BEFORE_ATTR;
			*again = 1;
		}
		break;
	}
	return NULL;
}

/* Attribute states between a tag's name and its '>'. */
static void step_attr(struct hctx *h, unsigned char c, int *again)
{
	switch (h->state) {
	case H_BEFORE_ATTR:
	case H_AFTER_ATTR:
		if (is_space(c))
			break;
		if (c == '/') {
			h->state = H_SELF_CLOSING;
			h->attr = ATTR_PLAIN;
		} else if (c == '>')
			tag_done(h);
		else if (c == '=' && h->state == H_AFTER_ATTR)
			h->state = H_BEFORE_VALUE;
		else {
			/* A name starting with '=' keeps it, as browsers do. */
			name_clear(h);
			h->attr = ATTR_PLAIN;
			*again = c != '=';
			if (c == '=')
				name_add(h, c);
			h->state = H_ATTR_NAME;
		}
		break;
	case H_ATTR_NAME:
		if (is_space(c) || c == '/' || c == '>' || c == '=') {
			attr_name_done(h);
			h->state = c == '=' ? H_BEFORE_VALUE : H_AFTER_ATTR;
			*again = c != '=';
		} else
			name_add(h, c);
		break;
	case H_BEFORE_VALUE:
		if (is_space(c))
			break;
		h->url_begun = 0;
		if (c == '>')
			tag_done(h);
		else if (c == '"' || c == '\'')
			h->state = c == '"' ? H_VALUE_DQ : H_VALUE_SQ;
		else {
			h->state = H_VALUE_UNQ;
			*again = 1;
		}
		break;
	case H_VALUE_DQ:
	case H_VALUE_SQ:
		if (c == (h->state == H_VALUE_DQ ? '"' : '\''))
			value_done(h);
		else if (h->attr == ATTR_URL)
			h->url_begun = 1;
		break;
	case H_VALUE_UNQ:
		if (is_space(c))
			value_done(h);
		else if (c == '>')
			tag_done(h);
		break;
	}
}

/* Comment, doctype and bogus comment states, following the standard so
 * that "<!-->" and "--!>" end a comment here exactly when they do in a
 * browser. Returns NULL, or an error for "<![" (CDATA in SVG and MathML
 * ends elsewhere than in HTML, so the context would be ambiguous). */
static const char *step_comment(struct hctx *h, unsigned char c, int *again)
{
	switch (h->state) {
	case H_BANG:
		if (c == '[')
			return "\"<![\" (CDATA) is not supported";
		/* fall through */
	case H_BANG_DASH:
		*again = c != '-';
		h->state = c != '-'             ? H_BOGUS
		           : h->state == H_BANG ? H_BANG_DASH
		                                : H_COMMENT_START;
		break;
	case H_BOGUS:
		if (c == '>')
			h->state = H_DATA;
		break;
	case H_COMMENT_START: /* "<!-->" and "<!--->" are whole comments */
	case H_COMMENT_START_DASH:
		if (c == '>')
			h->state = H_DATA;
		else if (c == '-')
			h->state = h->state == H_COMMENT_START
			               ? H_COMMENT_START_DASH
			               : H_COMMENT_END;
		else {
			h->state = H_COMMENT;
			*again = 1;
		}
		break;
	case H_COMMENT:
		if (c == '-')
			h->state = H_COMMENT_END_DASH;
		break;
	case H_COMMENT_END_DASH:
		h->state = c == '-' ? H_COMMENT_END : H_COMMENT;
		*again = c != '-';
		break;
	case H_COMMENT_END:
	case H_COMMENT_END_BANG: /* "--!>" ends a comment too */
		if (c == '>')
			h->state = H_DATA;
		else if (c == '-')
			h->state = h->state == H_COMMENT_END
			               ? H_COMMENT_END
			               : H_COMMENT_END_DASH;
		else if (c == '!' && h->state == H_COMMENT_END)
			h->state = H_COMMENT_END_BANG;
		else {
			h->state = H_COMMENT;
			*again = 1;
		}
		break;
	}
	return NULL;
}

/* Raw text and RCDATA: only "</name" followed by a space, '/' or '>'
 * ends the element. Returns NULL, or an error for "<!" in a script,
 * where "<!--" changes how the browser finds the end. */
static const char *step_raw(struct hctx *h, unsigned char c, int *again)
{
	const char *name = raw_elems[h->elem].name;
	size_t len = strlen(name);
	switch (h->state) {
	case H_RAW:
		if (c == '<')
			h->state = H_RAW_LT;
		break;
	case H_RAW_LT:
		if (c == '!' && h->elem == ELEM_SCRIPT)
			return "\"<!\" inside <script> is not supported";
		h->state = c == '/' ? H_RAW_END : H_RAW;
		h->match = 0;
		*again = c != '/';
		break;
	case H_RAW_END:
		if (h->match < len && to_lower(c) == name[h->match]) {
			h->match++;
		} else if (h->match == len &&
		           (is_space(c) || c == '/' || c == '>')) {
			h->match = 0;
			h->elem = 0;
			h->end_tag = 1;
			h->state = H_BEFORE_ATTR;
			*again = 1;
		} else {
			h->match = 0;
			h->state = H_RAW;
			*again = 1;
		}
		break;
	}
	return NULL;
}

/* Feeds one byte of template text to the tokenizer. Returns NULL, or a
 * message when the template uses markup this engine cannot follow. */
static const char *hctx_feed(struct hctx *h, unsigned char c)
{
	const char *err = NULL;
	int again;
	do {
		again = 0;
		if (h->state <= H_SELF_CLOSING)
			err = step_tag(h, c, &again);
		else if (h->state <= H_VALUE_UNQ)
			step_attr(h, c, &again);
		else if (h->state <= H_BOGUS)
			err = step_comment(h, c, &again);
		else
			err = step_raw(h, c, &again);
	} while (err == NULL && again);
	return err;
}

/* A phrase for where h is, for error messages. */
static const char *hctx_where(const struct hctx *h)
{
	unsigned char s = h->state;
	if (s == H_DATA)
		return "in text";
	if (s >= H_RAW)
		return raw_elems[h->elem].where;
	if (s >= H_BANG)
		return s == H_BANG || s == H_BOGUS || s == H_BANG_DASH
		           ? "inside <!...> or <?...>"
		           : "inside an HTML comment";
	if (h->end_tag)
		return "inside an end tag";
	if (s <= H_TAG_NAME)
		return "in a tag name";
	if (s == H_BEFORE_VALUE || s == H_VALUE_UNQ)
		return "in an unquoted attribute value";
	if (s == H_VALUE_DQ || s == H_VALUE_SQ)
		return h->attr == ATTR_SCRIPT
		           ? "in an event handler, style or srcdoc attribute"
		           : "in a quoted attribute value";
	return "in an attribute name position";
}

/* 1 when an escaped value is safe at h: text, RCDATA, or the quoted
 * value of an ordinary or URL attribute of a start tag. */
static int hctx_value_ok(const struct hctx *h)
{
	if (h->state == H_DATA)
		return 1;
	if (h->state == H_RAW)
		return raw_elems[h->elem].rcdata;
	return (h->state == H_VALUE_DQ || h->state == H_VALUE_SQ) &&
	       !h->end_tag && h->attr != ATTR_SCRIPT;
}

/* 1 when a and b are the same context, apart from url_begun. */
static int hctx_same(const struct hctx *a, const struct hctx *b)
{
	struct hctx tmp = *b;
	tmp.url_begun = a->url_begun;
	return memcmp(a, &tmp, sizeof(tmp)) == 0;
}

/* The contexts the tokenizer may be in at one point of a template. */
struct hset {
	unsigned char n;
	struct hctx s[HSET_MAX];
};

/* Adds h, or merges its url_begun into an equal context already there.
 * Returns 0, or -1 when the set is full. */
static int hset_add(struct hset *set, const struct hctx *h)
{
	for (size_t i = 0; i < set->n; i++) {
		if (hctx_same(&set->s[i], h)) {
			set->s[i].url_begun |= h->url_begun;
			return 0;
		}
	}
	if (set->n == HSET_MAX)
		return -1;
	set->s[set->n++] = *h;
	return 0;
}

/* Adds every context of src to dst. Returns 0, or -1 when too many. */
static int hset_union(struct hset *dst, const struct hset *src)
{
	for (size_t i = 0; i < src->n; i++)
		if (hset_add(dst, &src->s[i]) < 0)
			return -1;
	return 0;
}

/* 1 when every context of a is also in b. */
static int hset_within(const struct hset *a, const struct hset *b)
{
	for (size_t i = 0; i < a->n; i++) {
		size_t j = 0;
		while (j < b->n && !hctx_same(&a->s[i], &b->s[j]))
			j++;
		if (j == b->n)
			return 0;
	}
	return 1;
}

/* Feeds one byte to every context, then merges those that became
 * equal. Returns NULL or the tokenizer's error. */
static const char *hset_feed(struct hset *set, unsigned char c)
{
	if (set->n == 1)
		return hctx_feed(&set->s[0], c);
	struct hset out = {0};
	for (size_t i = 0; i < set->n; i++) {
		const char *err = hctx_feed(&set->s[i], c);
		if (err != NULL)
			return err;
		hset_add(&out, &set->s[i]);
	}
	*set = out;
	return NULL;
}

/* The first context of set that is not plain text, or NULL. */
static const struct hctx *hset_not_text(const struct hset *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->s[i].state != H_DATA)
			return &set->s[i];
	return NULL;
}

/* 1 when h is inside the quoted value of a URL attribute. */
static int in_url_value(const struct hctx *h)
{
	return (h->state == H_VALUE_DQ || h->state == H_VALUE_SQ) &&
	       h->attr == ATTR_URL;
}

/* Notes that URL values have bytes from here on. */
static void hset_url_begun(struct hset *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (in_url_value(&set->s[i]))
			set->s[i].url_begun = 1;
}

/* ---- templates ------------------------------------------------------- */

enum node_kind { N_TEXT, N_VAR, N_T, N_RAW, N_IF, N_UNLESS, N_EACH, N_INCLUDE };
enum esc { ESC_TEXT, ESC_URL, ESC_URL_ARG };

static const char *const block_word[] = {
    [N_IF] = "if", [N_UNLESS] = "unless", [N_EACH] = "each"};
static const char *const block_tag[] = {
    [N_IF] = "#if", [N_UNLESS] = "#unless", [N_EACH] = "#each"};

struct node {
	unsigned char kind;
	unsigned char esc;      /* N_VAR, N_T: enum esc */
	int line;               /* for errors found when the set is built */
	size_t off, len;        /* N_TEXT: bytes in the pool; others: the
	                           NUL-terminated name or message id at off */
	size_t mid, end;        /* blocks: first node of the {{else}} part,
	                           first node after the block */
	const struct tmpl *inc; /* N_INCLUDE, set by tmpl_set_new */
	const char *tr;         /* N_T: the translation, of generation tr_gen */
	int tr_gen;
};

struct tmpl {
	char *name;
	struct buf pool;
	struct node *nodes;
	size_t n, cap;
	size_t idx; /* position in its set */
};

struct tmpl_set {
	struct tmpl **ts; /* sorted by name */
	size_t n;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL) {
		fputs("paikka: out of memory\n", stderr);
		abort();
	}
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (p == NULL) {
		fputs("paikka: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* Writes a formatted message into err when there is room. */
static void err_set(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void err_set(char *err, size_t errlen, const char *fmt, ...)
{
	if (err == NULL || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* ---- parser ---------------------------------------------------------- */

struct open_block {
	size_t node;
	int line;
	int has_else;
	struct hset before;   /* contexts at the opening tag */
	struct hset then_end; /* contexts where {{else}} was met */
};

struct parser {
	struct tmpl *t;
	const char *src;
	size_t n, pos;
	int line;
	int text_open; /* the last node is text that new text may extend */
	struct hset h;
	struct open_block open[MAX_BLOCK_DEPTH];
	int depth;
	char *err;
	size_t errlen;
};

/* Writes "name:line: message" into the error buffer. Returns -1. */
static int fail(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(p->err, p->errlen, "%s:%d: %s", p->t->name, line, msg);
	return -1;
}

/* Appends a zeroed node of kind; the pointer is valid until the next
 * node_add. */
static struct node *node_add(struct parser *p, int kind, int line)
{
	struct tmpl *t = p->t;
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->nodes = xrealloc(t->nodes, t->cap * sizeof(*t->nodes));
	}
	struct node *nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = (unsigned char)kind;
	nd->line = line;
	p->text_open = 0;
	return nd;
}

/* Copies src[from, to) into the pool as text (extending the previous
 * text node when nothing came between) and follows it with the HTML
 * tokenizer. Returns 0, or -1 with a message. */
static int add_text(struct parser *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		const char *why = hset_feed(&p->h, (unsigned char)p->src[i]);
		if (why != NULL)
			return fail(p, p->line, "%s", why);
		if (p->src[i] == '\n')
			p->line++;
	}
	struct tmpl *t = p->t;
	if (p->text_open) {
		t->nodes[t->n - 1].len += to - from;
	} else {
		struct node *nd = node_add(p, N_TEXT, p->line);
		nd->off = t->pool.len;
		nd->len = to - from;
		p->text_open = 1;
	}
	buf_add(&t->pool, p->src + from, to - from);
	return 0;
}

static void skip_blank(struct parser *p)
{
	while (
	    p->pos < p->n && (p->src[p->pos] == ' ' || p->src[p->pos] == '\t'))
		p->pos++;
}

static int is_name_char(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Reads [A-Za-z0-9_.]* at pos. Returns its length; *start is where it
 * begins. */
static size_t read_word(struct parser *p, size_t *start)
{
	skip_blank(p);
	*start = p->pos;
	while (p->pos < p->n && is_name_char((unsigned char)p->src[p->pos]))
		p->pos++;
	return p->pos - *start;
}

/* 1 when the word at start of length len is w. */
static int word_is(
    const struct parser *p, size_t start, size_t len, const char *w)
{
	return strlen(w) == len && memcmp(p->src + start, w, len) == 0;
}

/* Consumes optional blanks and "}}". Returns 0, or -1 with a message
 * naming what was found instead (a bad name usually ends up here). */
static int expect_close(struct parser *p, int line)
{
	skip_blank(p);
	if (p->pos + 1 < p->n && p->src[p->pos] == '}' &&
	    p->src[p->pos + 1] == '}') {
		p->pos += 2;
		return 0;
	}
	if (p->pos >= p->n || p->src[p->pos] == '\n')
		return fail(p, line, "unclosed {{");
	unsigned char c = (unsigned char)p->src[p->pos];
	if (c > 0x20 && c < 0x7f)
		return fail(p, line,
		    "bad character '%c' in {{...}} (names are [A-Za-z0-9_.]+)",
		    c);
	return fail(p, line, "bad byte 0x%02x in {{...}}", c);
}

/* Reads a name followed by "}}" and copies it, NUL-terminated, into the
 * pool. Returns 0 with its pool offset in *off, or -1 with a message. */
static int read_name(struct parser *p, int line, const char *tag, size_t *off)
{
	size_t start, len = read_word(p, &start);
	if (len == 0) {
		if (p->pos + 1 < p->n && p->src[p->pos] == '}' &&
		    p->src[p->pos + 1] == '}')
			return fail(p, line, "empty name in {{%s}}", tag);
		return expect_close(p, line);
	}
	if (expect_close(p, line) < 0)
		return -1;
	*off = p->t->pool.len;
	buf_add(&p->t->pool, p->src + start, len);
	buf_add(&p->t->pool, "", 1);
	return 0;
}

/* Checks that a value may be written in every context the tokenizer
 * may be in and picks its escaping. Returns 0, or -1 with a message.
 * Within a URL value only the first value is checked as a whole URL;
 * later ones are percent-encoded so they cannot change its scheme or
 * host. Both are also safe in text, so one URL context decides. */
static int value_escape(
    struct parser *p, int line, const char *what, unsigned char *esc)
{
	int url = 0, begun = 0;
	for (size_t i = 0; i < p->h.n; i++) {
		const struct hctx *h = &p->h.s[i];
		if (!hctx_value_ok(h))
			return fail(p, line, "{{%s}} is not allowed %s", what,
			    hctx_where(h));
		if (in_url_value(h)) {
			url = 1;
			begun |= h->url_begun;
		}
	}
	*esc = !url ? ESC_TEXT : begun ? ESC_URL_ARG : ESC_URL;
	hset_url_begun(&p->h);
	return 0;
}

/* {{name}} and {{raw name}}. Returns 0 or -1. */
static int parse_value(struct parser *p, int line, int kind)
{
	size_t off;
	unsigned char esc = ESC_TEXT;
	if (read_name(p, line, kind == N_RAW ? "raw" : "", &off) < 0)
		return -1;
	if (kind == N_VAR &&
	    value_escape(p, line, p->t->pool.data + off, &esc) < 0)
		return -1;
	/* Raw output is the caller's promise; it is allowed anywhere. */
	if (kind == N_RAW)
		hset_url_begun(&p->h);
	struct node *nd = node_add(p, kind, line);
	nd->off = off;
	nd->esc = esc;
	return 0;
}

/* {{t "literal"}}, with \" and \\ as the only escapes. Returns 0 or -1. */
static int parse_literal(struct parser *p, int line)
{
	struct buf *pool = &p->t->pool;
	size_t off = pool->len;
	p->pos++; /* the opening quote */
	for (;;) {
		if (p->pos >= p->n || p->src[p->pos] == '\n')
			return fail(p, line, "unterminated string in {{t}}");
		char c = p->src[p->pos++];
		if (c == '"')
			break;
		if (c == '\\') {
			c = p->pos < p->n ? p->src[p->pos++] : '\0';
			if (c != '"' && c != '\\')
				return fail(p, line,
				    "bad escape in {{t}} (only \\\" and \\\\)");
		}
		buf_add(pool, &c, 1);
	}
	if (pool->len == off)
		return fail(p, line, "empty message id in {{t}}");
	buf_add(pool, "", 1);
	unsigned char esc;
	if (expect_close(p, line) < 0 || value_escape(p, line, "t", &esc) < 0)
		return -1;
	struct node *nd = node_add(p, N_T, line);
	nd->off = off;
	nd->esc = esc;
	return 0;
}

/* {{#if name}}, {{#unless name}}, {{#each name}}. Returns 0 or -1. */
static int parse_open(struct parser *p, int line)
{
	size_t start, len = read_word(p, &start);
	int kind = word_is(p, start, len, "if")       ? N_IF
	           : word_is(p, start, len, "unless") ? N_UNLESS
	           : word_is(p, start, len, "each")   ? N_EACH
	                                              : -1;
	if (kind < 0)
		return fail(p, line, "unknown block {{#%.*s}}", (int)len,
		    p->src + start);
	if (p->depth == MAX_BLOCK_DEPTH)
		return fail(
		    p, line, "blocks nested deeper than %d", MAX_BLOCK_DEPTH);
	size_t off;
	if (read_name(p, line, block_tag[kind], &off) < 0)
		return -1;
	/* An each body repeats, so inside a URL value even its first
	 * value may follow bytes of an earlier item. */
	if (kind == N_EACH)
		hset_url_begun(&p->h);
	struct open_block *ob = &p->open[p->depth++];
	ob->node = p->t->n;
	ob->line = line;
	ob->has_else = 0;
	ob->before = p->h;
	node_add(p, kind, line)->off = off;
	return 0;
}

/* {{else}}: the other branch starts from the context of the opening
 * tag. Returns 0 or -1. */
static int parse_else(struct parser *p, int line)
{
	struct open_block *ob = p->depth ? &p->open[p->depth - 1] : NULL;
	if (ob == NULL || p->t->nodes[ob->node].kind == N_EACH)
		return fail(p, line, "{{else}} outside {{#if}} or {{#unless}}");
	if (ob->has_else)
		return fail(p, line,
		    "second {{else}} in the block from line %d", ob->line);
	ob->has_else = 1;
	ob->then_end = p->h;
	p->h = ob->before;
	p->t->nodes[ob->node].mid = p->t->n;
	p->text_open = 0;
	return 0;
}

/* {{/if}}, {{/unless}}, {{/each}}: the contexts after the block are
 * those of either branch; an each body must end in contexts it started
 * in, since it repeats. Returns 0 or -1. */
static int parse_close(struct parser *p, int line)
{
	size_t start, len = read_word(p, &start);
	if (expect_close(p, line) < 0)
		return -1;
	if (p->depth == 0)
		return fail(p, line, "{{/%.*s}} without an open block",
		    (int)len, p->src + start);
	struct open_block *ob = &p->open[p->depth - 1];
	struct node *nd = &p->t->nodes[ob->node];
	const char *word = block_word[nd->kind];
	if (!word_is(p, start, len, word))
		return fail(p, line,
		    "{{/%.*s}} does not close {{#%s}} from line %d", (int)len,
		    p->src + start, word, ob->line);
	if (nd->kind == N_EACH && !hset_within(&p->h, &ob->before))
		return fail(p, line,
		    "{{#each}} from line %d must end in the HTML context it "
		    "starts in",
		    ob->line);
	if (hset_union(&p->h, ob->has_else ? &ob->then_end : &ob->before) < 0)
		return fail(p, line,
		    "{{#%s}} from line %d leaves too many possible HTML "
		    "contexts",
		    word, ob->line);
	nd->end = p->t->n;
	if (!ob->has_else)
		nd->mid = nd->end;
	p->depth--;
	p->text_open = 0;
	return 0;
}

/* {{> name}}: only in text, where every template starts and ends.
 * Returns 0 or -1. */
static int parse_include(struct parser *p, int line)
{
	size_t off;
	if (read_name(p, line, ">", &off) < 0)
		return -1;
	const struct hctx *h = hset_not_text(&p->h);
	if (h != NULL)
		return fail(
		    p, line, "{{> ...}} is not allowed %s", hctx_where(h));
	node_add(p, N_INCLUDE, line)->off = off;
	return 0;
}

/* {{! comment }}: skipped up to the first "}}". Returns 0 or -1. */
static int parse_comment(struct parser *p, int line)
{
	const char *s = p->src + p->pos;
	const char *e = memmem(s, p->n - p->pos, "}}", 2);
	if (e == NULL)
		return fail(p, line, "unclosed {{!");
	for (; s < e; s++)
		if (*s == '\n')
			p->line++;
	p->pos = (size_t)(e - p->src) + 2;
	return 0;
}

/* One {{...}} tag at pos. Returns 0 or -1. */
static int parse_tag(struct parser *p)
{
	int line = p->line;
	p->pos += 2;
	skip_blank(p);
	char c = p->pos < p->n ? p->src[p->pos] : '\0';
	if (c == '!' || c == '#' || c == '/' || c == '>')
		p->pos++;
	if (c == '!')
		return parse_comment(p, line);
	if (c == '#')
		return parse_open(p, line);
	if (c == '/')
		return parse_close(p, line);
	if (c == '>')
		return parse_include(p, line);
	size_t start, len = read_word(p, &start);
	skip_blank(p);
	c = p->pos < p->n ? p->src[p->pos] : '\0';
	if (word_is(p, start, len, "t") && c == '"')
		return parse_literal(p, line);
	if (word_is(p, start, len, "raw") && is_name_char((unsigned char)c))
		return parse_value(p, line, N_RAW);
	if (word_is(p, start, len, "else"))
		return expect_close(p, line) < 0 ? -1 : parse_else(p, line);
	p->pos = start;
	return parse_value(p, line, N_VAR);
}

/* After the last byte: every block closed, and the template ends in
 * text so that it can be included anywhere text is. Returns 0 or -1. */
static int parse_finish(struct parser *p)
{
	if (p->depth > 0) {
		struct open_block *ob = &p->open[p->depth - 1];
		return fail(p, ob->line, "unclosed {{#%s}}",
		    block_word[p->t->nodes[ob->node].kind]);
	}
	const struct hctx *h = hset_not_text(&p->h);
	if (h != NULL)
		return fail(p, p->line, "template ends %s", hctx_where(h));
	return 0;
}

static int parse_all(struct parser *p)
{
	while (p->pos < p->n) {
		const char *s = p->src + p->pos;
		const char *tag = memmem(s, p->n - p->pos, "{{", 2);
		size_t end = tag ? (size_t)(tag - p->src) : p->n;
		if (end > p->pos && add_text(p, p->pos, end) < 0)
			return -1;
		p->pos = end;
		if (tag != NULL && parse_tag(p) < 0)
			return -1;
	}
	return parse_finish(p);
}

struct tmpl *tmpl_parse(
    const char *name, const char *src, size_t n, char *err, size_t errlen)
{
	struct tmpl *t = xcalloc(1, sizeof(*t));
	t->name = strdup(name ? name : "");
	if (t->name == NULL)
		abort();
	buf_init(&t->pool);
	struct parser *p = xcalloc(1, sizeof(*p));
	p->t = t;
	p->src = src ? src : "";
	p->n = src ? n : 0;
	p->line = 1;
	p->h.n = 1;
	p->err = err;
	p->errlen = errlen;
	int rc = parse_all(p);
	free(p);
	if (rc < 0) {
		tmpl_free(t);
		return NULL;
	}
	err_set(err, errlen, "%s", "");
	return t;
}

void tmpl_free(struct tmpl *t)
{
	if (t == NULL)
		return;
	free(t->name);
	buf_free(&t->pool);
	free(t->nodes);
	free(t);
}

/* ---- sets ------------------------------------------------------------ */

static int tmpl_by_name(const void *a, const void *b)
{
	const struct tmpl *x = *(struct tmpl *const *)a;
	const struct tmpl *y = *(struct tmpl *const *)b;
	return strcmp(x->name, y->name);
}

/* The template called name, or NULL. */
static struct tmpl *set_find(const struct tmpl_set *s, const char *name)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(name, s->ts[mid]->name);
		if (c == 0)
			return s->ts[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Points every include of t at its template. Returns 0, or -1 with a
 * message when one does not exist. */
static int resolve_includes(
    const struct tmpl_set *s, struct tmpl *t, char *err, size_t errlen)
{
	for (size_t i = 0; i < t->n; i++) {
		struct node *nd = &t->nodes[i];
		if (nd->kind != N_INCLUDE)
			continue;
		nd->inc = set_find(s, t->pool.data + nd->off);
		if (nd->inc == NULL) {
			err_set(err, errlen,
			    "%s:%d: include of unknown template \"%s\"",
			    t->name, nd->line, t->pool.data + nd->off);
			return -1;
		}
	}
	return 0;
}

/* Depth-first walk over includes; color is 0 unseen, 1 on the current
 * path, 2 done. Returns 0, or -1 with a message on a cycle. */
static int check_cycles(
    const struct tmpl *t, unsigned char *color, char *err, size_t errlen)
{
	color[t->idx] = 1;
	for (size_t i = 0; i < t->n; i++) {
		const struct node *nd = &t->nodes[i];
		if (nd->kind != N_INCLUDE || color[nd->inc->idx] == 2)
			continue;
		if (color[nd->inc->idx] == 1) {
			err_set(err, errlen,
			    "%s:%d: include of \"%s\" makes a cycle", t->name,
			    nd->line, nd->inc->name);
			return -1;
		}
		if (check_cycles(nd->inc, color, err, errlen) < 0)
			return -1;
	}
	color[t->idx] = 2;
	return 0;
}

/* Sorts, checks names, resolves includes and refuses cycles. Returns 0,
 * or -1 with a message. */
static int set_link(struct tmpl_set *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ts[i] == NULL) {
			err_set(err, errlen, "template %zu is NULL", i);
			return -1;
		}
	qsort(s->ts, s->n, sizeof(*s->ts), tmpl_by_name);
	for (size_t i = 0; i < s->n; i++) {
		s->ts[i]->idx = i;
		if (i > 0 && strcmp(s->ts[i - 1]->name, s->ts[i]->name) == 0) {
			err_set(err, errlen, "two templates named \"%s\"",
			    s->ts[i]->name);
			return -1;
		}
	}
	for (size_t i = 0; i < s->n; i++)
		if (resolve_includes(s, s->ts[i], err, errlen) < 0)
			return -1;
	unsigned char *color = xcalloc(s->n, 1);
	int rc = 0;
	for (size_t i = 0; i < s->n && rc == 0; i++)
		if (color[i] == 0)
			rc = check_cycles(s->ts[i], color, err, errlen);
	free(color);
	return rc;
}

struct tmpl_set *tmpl_set_new(
    struct tmpl **ts, size_t n, char *err, size_t errlen)
{
	struct tmpl_set *s = xcalloc(1, sizeof(*s));
	s->ts = xcalloc(n, sizeof(*s->ts));
	if (n > 0)
		memcpy(s->ts, ts, n * sizeof(*ts));
	s->n = n;
	/* The set owns the templates from here on, even when it fails. */
	if (set_link(s, err, errlen) < 0) {
		tmpl_set_free(s);
		return NULL;
	}
	err_set(err, errlen, "%s", "");
	return s;
}

void tmpl_set_free(struct tmpl_set *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n; i++)
		tmpl_free(s->ts[i]);
	free(s->ts);
	free(s);
}

int tmpl_exists(const struct tmpl_set *s, const char *name)
{
	return s != NULL && name != NULL && set_find(s, name) != NULL;
}

/* ---- loading a directory --------------------------------------------- */

/* Reads the whole file into b. Returns 0, or -1 with a message. */
static int read_file(const char *path, struct buf *b, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		err_set(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char chunk[16384];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0 &&
	       b->len <= MAX_FILE_SIZE)
		buf_add(b, chunk, got);
	int bad = ferror(f);
	fclose(f);
	if (bad || b->len > MAX_FILE_SIZE) {
		err_set(err, errlen, "%s: %s", path,
		    bad ? "read error" : "file too large");
		return -1;
	}
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names)
{
	for (size_t i = 0; names != NULL && names[i] != NULL; i++)
		free(names[i]);
	free(names);
}

/* The sorted file names of the *.html files in dir, NULL-terminated,
 * or NULL with a message. Free with free_names. */
static char **list_html(
    const char *dir, size_t *count, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		err_set(err, errlen, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	char **names = xcalloc(1, sizeof(*names));
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 5 ||
		    strcmp(de->d_name + len - 5, ".html") != 0)
			continue;
		names = xrealloc(names, (n + 2) * sizeof(*names));
		names[n] = strdup(de->d_name);
		if (names[n] == NULL)
			abort();
		names[++n] = NULL;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	*count = n;
	return names;
}

/* Reads and parses dir/file as the template named file minus ".html".
 * Returns it, or NULL with a message. */
static struct tmpl *load_one(
    const char *dir, const char *file, char *err, size_t errlen)
{
	size_t plen = strlen(dir) + strlen(file) + 2;
	char *path = xcalloc(plen, 1);
	snprintf(path, plen, "%s/%s", dir, file);
	char *name = strdup(file);
	if (name == NULL)
		abort();
	name[strlen(name) - 5] = '\0';
	struct buf src;
	buf_init(&src);
	struct tmpl *t = NULL;
	if (read_file(path, &src, err, errlen) == 0)
		t = tmpl_parse(name, src.data, src.len, err, errlen);
	buf_free(&src);
	free(name);
	free(path);
	return t;
}

struct tmpl_set *tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	size_t n = 0;
	char **names = list_html(dir, &n, err, errlen);
	if (names == NULL)
		return NULL;
	struct tmpl **ts = xcalloc(n, sizeof(*ts));
	size_t got = 0;
	for (; got < n; got++) {
		ts[got] = load_one(dir, names[got], err, errlen);
		if (ts[got] == NULL)
			break;
	}
	struct tmpl_set *s = NULL;
	if (got == n) {
		s = tmpl_set_new(ts, n, err, errlen);
	} else {
		for (size_t i = 0; i < got; i++)
			tmpl_free(ts[i]);
	}
	free(ts);
	free_names(names);
	return s;
}

/* ---- variables ------------------------------------------------------- */

struct tvar {
	struct tvar *next; /* older entries of the same scope */
	const char *key;
	const char *val;    /* NULL for a list */
	struct tlist *list; /* NULL for a string */
};

struct tvars {
	struct arena *a;
	const struct tvars *parent;
	struct tvar *head;  /* newest first, so later sets win */
	struct tvars *next; /* next item of the list this scope is in */
};

struct tlist {
	struct tvars *owner;
	struct tvars *first, *last;
	size_t n;
};

struct tvars *tv_new(struct arena *a)
{
	struct tvars *v = arena_alloc(a, sizeof(*v));
	v->a = a;
	return v;
}

/* The newest entry for key in v itself, or NULL. */
static const struct tvar *tv_find(const struct tvars *v, const char *key)
{
	for (const struct tvar *e = v->head; e != NULL; e = e->next)
		if (e->key[0] == key[0] && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

/* The entry for key in v or the nearest scope around it, or NULL. */
static const struct tvar *tv_lookup(const struct tvars *v, const char *key)
{
	for (; v != NULL; v = v->parent) {
		const struct tvar *e = tv_find(v, key);
		if (e != NULL)
			return e;
	}
	return NULL;
}

/* A new entry for key in front of v's older ones. */
static struct tvar *tv_push(struct tvars *v, const char *key)
{
	struct tvar *e = arena_alloc(v->a, sizeof(*e));
	e->key = arena_strdup(v->a, key);
	e->next = v->head;
	v->head = e;
	return e;
}

void tv_set(struct tvars *v, const char *key, const char *value)
{
	tv_push(v, key)->val = arena_strdup(v->a, value ? value : "");
}

void tv_setf(struct tvars *v, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = arena_alloc(v->a, n > 0 ? (size_t)n + 1 : 1);
	if (n > 0) {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	tv_push(v, key)->val = s;
}

void tv_bool(struct tvars *v, const char *key, int on)
{
	tv_set(v, key, on ? "1" : "");
}

const char *tv_get(const struct tvars *v, const char *key)
{
	const struct tvar *e = tv_find(v, key);
	return e != NULL ? e->val : NULL;
}

struct tlist *tv_list(struct tvars *v, const char *key)
{
	const struct tvar *old = tv_find(v, key);
	if (old != NULL && old->list != NULL)
		return old->list;
	struct tvar *e = tv_push(v, key);
	e->list = arena_alloc(v->a, sizeof(*e->list));
	e->list->owner = v;
	return e->list;
}

struct tvars *tl_add(struct tlist *l)
{
	struct tvars *item = tv_new(l->owner->a);
	item->parent = l->owner;
	if (l->last != NULL)
		l->last->next = item;
	else
		l->first = item;
	l->last = item;
	l->n++;
	return item;
}

/* ---- rendering ------------------------------------------------------- */

/* 1 when key names a non-empty string other than "0" or a non-empty
 * list. */
static int tv_true(const struct tvars *v, const char *key)
{
	const struct tvar *e = tv_lookup(v, key);
	if (e == NULL)
		return 0;
	if (e->list != NULL)
		return e->list->n > 0;
	return e->val[0] != '\0' && strcmp(e->val, "0") != 0;
}

/* The string value of key, or NULL when it is missing or a list. */
static const char *tv_string(const struct tvars *v, const char *key)
{
	const struct tvar *e = tv_lookup(v, key);
	return e != NULL ? e->val : NULL;
}

static void write_value(struct buf *out, int esc, const char *s)
{
	if (s == NULL)
		return;
	if (esc == ESC_URL)
		html_url(out, s);
	else if (esc == ESC_URL_ARG)
		url_arg(out, s);
	else
		html_text(out, s);
}

static int render_nodes(const struct tmpl *t, size_t i, size_t end,
    const struct tvars *v, struct buf *out, int depth);

/* glibc's message catalogue generation: bumped when a catalogue is bound
 * and by i18n_use on each change of language. */
extern int _nl_msg_cat_cntr;

/* {{t "msgid"}}: gettext's answer is kept in the node while the
 * generation stays, so the rows of a long list do not look it up again
 * (a lookup takes locks and a search). The cache is the only part of a
 * parsed template that changes, and a worker renders one page at a
 * time. */
static const char *translate(const struct node *nd, const char *msgid)
{
	struct node *m = (struct node *)nd;
	if (m->tr == NULL || m->tr_gen != _nl_msg_cat_cntr) {
		m->tr = gettext(msgid);
		m->tr_gen = _nl_msg_cat_cntr;
	}
	return m->tr;
}

/* The block at node i. Returns 0, or -1 when includes nest too deep. */
static int render_block(const struct tmpl *t, size_t i, const struct tvars *v,
    struct buf *out, int depth)
{
	const struct node *nd = &t->nodes[i];
	const char *name = t->pool.data + nd->off;
	if (nd->kind == N_EACH) {
		const struct tvar *e = tv_lookup(v, name);
		if (e == NULL || e->list == NULL)
			return 0;
		for (const struct tvars *it = e->list->first; it; it = it->next)
			if (render_nodes(t, i + 1, nd->end, it, out, depth) < 0)
				return -1;
		return 0;
	}
	int on = tv_true(v, name) != (nd->kind == N_UNLESS);
	return on ? render_nodes(t, i + 1, nd->mid, v, out, depth)
	          : render_nodes(t, nd->mid, nd->end, v, out, depth);
}

/* Nodes [i, end) of t. Returns 0, or -1 when includes nest too deep. */
static int render_nodes(const struct tmpl *t, size_t i, size_t end,
    const struct tvars *v, struct buf *out, int depth)
{
	while (i < end) {
		const struct node *nd = &t->nodes[i];
		const char *s = t->pool.data + nd->off;
		switch (nd->kind) {
		case N_TEXT:
			buf_add(out, s, nd->len);
			break;
		case N_VAR:
			write_value(out, nd->esc, tv_string(v, s));
			break;
		case N_T:
			write_value(out, nd->esc, translate(nd, s));
			break;
		case N_RAW:
			html_raw(out, tv_string(v, s));
			break;
		case N_INCLUDE:
			if (depth >= MAX_INCLUDE_DEPTH ||
			    render_nodes(
			        nd->inc, 0, nd->inc->n, v, out, depth + 1) < 0)
				return -1;
			break;
		default:
			if (render_block(t, i, v, out, depth) < 0)
				return -1;
			i = nd->end;
			continue;
		}
		i++;
	}
	return 0;
}

int tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tvars *v, struct buf *out)
{
	const struct tmpl *t = s && name ? set_find(s, name) : NULL;
	if (t == NULL)
		return -1;
	size_t mark = out->len;
	if (render_nodes(t, 0, t->n, v, out, 0) < 0) {
		/* Leave out as it was rather than half a page. */
		out->len = mark;
		if (out->data != NULL)
			out->data[mark] = '\0';
		return -1;
	}
	return 0;
}
