/* fuzz_finvoice.c: libFuzzer target for the Finvoice writer (finvoice.c).
 *
 * Each input becomes one or two invoices. The identifiers the database
 * already guarantees (Y-tunnus, IBAN, BIC, reference and invoice number,
 * dates) are built valid from the input bytes; every free text (names,
 * addresses, e-invoice addresses, operators, service names, client and
 * buyer references, the VAT text) is taken from the input as raw bytes:
 * any UTF-8, invalid UTF-8, control characters, spaces only. Amounts are
 * either consistent (days × unit price, summed) or raw 64-bit numbers,
 * negative ones included; up to 200 lines; an invoice or a credit note.
 *
 * The writer must refuse (-1) or write a document that parses and
 * validates against Finvoice3.0.xsd (each <Finvoice> of a batch alone);
 * an invoice with consistent amounts and plain text must not be refused.
 * The accounting CSV of an accepted invoice must have one row per line.
 *
 * The schema is $PAIKKA_STANDARDS/finvoice/Finvoice3.0.xsd (default
 * ../shared/standards), parsed once. Without it the target still checks
 * that every document parses, and prints "SKIP: ..." once so that
 * tests/fuzz.sh reports the target as skipped. */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paikka/arena.h"
#include "paikka/finvoice.h"
#include "paikka/invoice.h"
#include "paikka/valid.h"

static xmlSchemaPtr schema;

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char path[4096];
	const char *env = getenv("PAIKKA_STANDARDS");
	snprintf(path, sizeof(path), "%s/finvoice/Finvoice3.0.xsd",
	    env && *env ? env : "../shared/standards");
	xmlInitParser();
	if (access(path, R_OK) == 0) {
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
		schema = pc ? xmlSchemaParse(pc) : NULL;
		xmlSchemaFreeParserCtxt(pc);
	}
	if (schema == NULL)
		printf("SKIP: Finvoice XSD not found or not usable at %s; "
		       "documents are only checked to parse\n",
		    path);
	/* Parse errors of our own documents end in abort() with the
	 * document printed; libxml2's running commentary is not needed. */
	xmlSetGenericErrorFunc(NULL, quiet);
	return 0;
}

/* --- reading the input ------------------------------------------------ */

struct rd {
	const uint8_t *p;
	size_t n;
	struct arena *a;
};

static unsigned u8(struct rd *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

static uint64_t u64(struct rd *r)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | u8(r);
	return v;
}

/* Free text: a length byte, then that many raw bytes (a NUL ends the C
 * string early). When plain, only letters, digits and inner spaces, at
 * least two characters: what must never be refused. */
static const char *text(struct rd *r, int plain)
{
	size_t len = u8(r);
	if (len >= 248)
		len = (len - 247) * 128; /* now and then long, up to 1152 */
	else if (len >= 192)
		len -= 160; /* 32-87 */
	else
		len %= 32;
	char *s = arena_alloc(r->a, len + 3);
	size_t k = 0;
	for (size_t i = 0; i < len && r->n > 0; i++) {
		unsigned c = u8(r);
		if (plain) {
			static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
			                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			                         "0123456789 -.";
			c = (unsigned char)ok[c % (sizeof(ok) - 1)];
		}
		s[k++] = (char)c;
	}
	s[k] = '\0';
	if (plain) {
		/* No space at either end; two characters at least. */
		while (k > 0 && s[k - 1] == ' ')
			s[--k] = '\0';
		size_t lead = strspn(s, " ");
		memmove(s, s + lead, k - lead + 1);
		k -= lead;
		while (k < 2) {
			s[k++] = 'x';
			s[k] = '\0';
		}
	}
	return s;
}

/* A real date in 2000-2099 as 'YYYY-MM-DD'. */
static const char *date(struct rd *r)
{
	int y = 2000 + (int)(u8(r) % 100), m = 1 + (int)(u8(r) % 12);
	int d = 1 + (int)(u8(r) % 31);
	static const int mdays[12] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last = mdays[m - 1] + (m == 2 && y % 4 == 0);
	if (d > last)
		d = last;
	return arena_printf(r->a, "%04d-%02d-%02d", y, m, d);
}

static const char *ytunnus(struct rd *r)
{
	static const int weights[7] = {7, 9, 10, 5, 8, 4, 2};
	for (;;) {
		char s[10];
		int sum = 0;
		for (int i = 0; i < 7; i++) {
			s[i] = (char)('0' + u8(r) % 10);
			sum += (s[i] - '0') * weights[i];
		}
		if (sum % 11 == 1 && r->n > 0)
			continue;
		if (sum % 11 == 1)
			return "2345678-0";
		s[7] = '-';
		s[8] = (char)('0' + (sum % 11 == 0 ? 0 : 11 - sum % 11));
		s[9] = '\0';
		if (!valid_ytunnus(s))
			abort(); /* the generator itself is wrong */
		return arena_strdup(r->a, s);
	}
}

static void party(struct rd *r, struct fv_party *p, int plain)
{
	p->ytunnus = ytunnus(r);
	p->name = text(r, plain);
	p->street = text(r, plain);
	p->postcode = text(r, plain);
	p->city = text(r, plain);
	p->einvoice = text(r, plain);
	p->operator= text(r, plain);
}

enum {
	M_PLAIN = 1 << 0,       /* plain text everywhere */
	M_RAW_AMOUNTS = 1 << 1, /* any 64-bit days, prices and totals */
	M_RAW_TOTAL = 1 << 2,   /* the invoice total from the input */
	M_MANY = 1 << 3,        /* up to 200 lines */
	M_NO_VAT_TEXT = 1 << 4,
	M_BATCH = 1 << 5,  /* a second invoice, written as a batch */
	M_CREDIT = 1 << 6, /* a credit note of an earlier invoice */
};

/* One invoice from the input. */
static void invoice(struct rd *r, struct fv_invoice *x, unsigned mode)
{
	static const char *const ibans[] = {"FI2112345600000785",
	    "FI4950009420028730", "FI5810171000000122", "FI7944052020036082"};
	static const char *const bics[] = {
	    "NDEAFIHH", "OKOYFIHH", "DABAFIHX", "HELSFIHHXXX"};
	int plain = mode & M_PLAIN;
	int64_t org = 1 + u8(r) % 200, seq = 1 + (int64_t)(u64(r) % 99999);
	char b[32];
	memset(x, 0, sizeof(*x));
	x->number =
	    arena_strdup(r->a, inv_number_format(b, sizeof(b), org, seq));
	x->reference = arena_strdup(r->a, inv_ref_for(b, sizeof(b), org, seq));
	x->version = (int)(u8(r) % 10);
	x->month =
	    arena_printf(r->a, "%04u-%02u", 2000 + u8(r) % 100, 1 + u8(r) % 12);
	x->invoice_date = date(r);
	x->due_date = date(r);
	x->contract_id = (int64_t)u64(r);
	x->iban = ibans[u8(r) % 4];
	x->bic = bics[u8(r) % 4];
	x->buyer_reference = text(r, 0); /* optional: may be "" */
	x->vat_text = mode & M_NO_VAT_TEXT ? NULL : text(r, plain);
	x->timestamp = arena_printf(
	    r->a, "%sT%02u:%02u:00Z", date(r), u8(r) % 24, u8(r) % 60);
	party(r, &x->seller, plain);
	party(r, &x->buyer, plain);
	size_t n = 1 + u8(r) % 16;
	if (mode & M_MANY)
		n = 1 + (u8(r) << 8 | u8(r)) % 200;
	struct fv_line *l = arena_alloc(r->a, n * sizeof(*l));
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		l[i].client_ref = text(r, plain);
		l[i].service_code = (int)(u8(r) << 8 | u8(r));
		l[i].service = text(r, plain);
		l[i].period_start = date(r);
		l[i].period_end = date(r);
		if (mode & M_RAW_AMOUNTS) {
			l[i].days = (int64_t)u64(r);
			l[i].unit_cents = (int64_t)u64(r);
			l[i].total_cents = u8(r) & 1 ? (int64_t)u64(r)
			                             : inv_line_total(l[i].days,
			                                   l[i].unit_cents);
		} else {
			l[i].days = u8(r) % 32;
			l[i].unit_cents = (int64_t)(u64(r) % 1000000);
			l[i].total_cents =
			    inv_line_total(l[i].days, l[i].unit_cents);
		}
		if (l[i].total_cents > 0 && sum <= INT64_MAX - l[i].total_cents)
			sum += l[i].total_cents;
	}
	x->lines = l;
	x->nlines = n;
	x->total_cents = mode & M_RAW_TOTAL ? (int64_t)u64(r) : sum;
	if (mode & M_CREDIT) {
		x->credit = 1;
		x->original_number = arena_strdup(r->a,
		    inv_number_format(b, sizeof(b), org, 1 + u8(r) % 999));
		x->original_date = date(r);
	}
}

/* --- checking the output ---------------------------------------------- */

static void fail(const char *why, const struct buf *out)
{
	fprintf(stderr, "fuzz_finvoice: %s\n%.*s\n", why, (int)out->len,
	    out->data ? out->data : "");
	abort();
}

static void validate(xmlDocPtr doc, const struct buf *out)
{
	if (schema == NULL)
		return;
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	if (vc == NULL)
		abort();
	int rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	if (rc != 0) {
		/* Show libxml2's reason this time. */
		xmlSetGenericErrorFunc(NULL, NULL);
		xmlSchemaValidCtxtPtr again = xmlSchemaNewValidCtxt(schema);
		xmlSchemaValidateDoc(again, doc);
		xmlSchemaFreeValidCtxt(again);
		fail("output does not validate against Finvoice3.0.xsd", out);
	}
}

static xmlDocPtr parse(const struct buf *out)
{
	xmlDocPtr doc = xmlReadMemory(
	    out->data, (int)out->len, "fuzz.xml", NULL, XML_PARSE_NONET);
	if (doc == NULL) {
		xmlSetGenericErrorFunc(NULL, NULL);
		xmlFreeDoc(xmlReadMemory(out->data, (int)out->len, "fuzz.xml",
		    NULL, XML_PARSE_NONET));
		fail("output is not well-formed XML", out);
	}
	return doc;
}

/* Each <Finvoice> child of a batch, validated alone. */
static void validate_batch(xmlDocPtr doc, const struct buf *out, size_t n)
{
	size_t k = 0;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlDocPtr one = xmlNewDoc((const xmlChar *)"1.0");
		xmlDocSetRootElement(one, xmlDocCopyNode(c, one, 1));
		validate(one, out);
		xmlFreeDoc(one);
		k++;
	}
	if (k != n)
		fail("batch with the wrong number of invoices", out);
}

/* CSV rows: CRLF outside quotes, one per line of the invoice. */
static void check_csv(const struct fv_invoice *x)
{
	struct buf csv;
	buf_init(&csv);
	if (fv_csv_rows(&csv, x) != 0)
		fail("the CSV refuses an invoice Finvoice took", &csv);
	size_t rows = 0;
	int q = 0;
	for (size_t i = 0; i + 1 < csv.len; i++) {
		if (csv.data[i] == '"')
			q = !q;
		else if (!q && csv.data[i] == '\r' && csv.data[i + 1] == '\n')
			rows++;
	}
	if (rows != x->nlines)
		fail("CSV row count is not the line count", &csv);
	buf_free(&csv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	if (a == NULL)
		a = arena_new();
	struct rd r = {data, size, a};
	unsigned mode = u8(&r);
	struct fv_invoice x[2];
	invoice(&r, &x[0], mode);
	size_t n = 1;
	if (mode & M_BATCH)
		invoice(&r, &x[n++], mode);
	int plain = (mode & (M_PLAIN | M_RAW_AMOUNTS | M_RAW_TOTAL)) == M_PLAIN;

	struct buf out;
	buf_init(&out);
	int rc = n == 1 ? fv_write(&out, &x[0])
	                : fv_write_batch(&out, x[0].month, x, n);
	if (rc != 0 && plain)
		fail("a plain, consistent invoice was refused", &out);
	if (rc == 0) {
		xmlDocPtr doc = parse(&out);
		if (n == 1)
			validate(doc, &out);
		else
			validate_batch(doc, &out, n);
		xmlFreeDoc(doc);
		for (size_t i = 0; i < n; i++)
			check_csv(&x[i]);
	}
	buf_free(&out);
	arena_reset(a);
	return 0;
}
