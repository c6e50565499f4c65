/* finvoice.c: Finvoice 3.0 and the accounting CSV (see finvoice.h). The
 * XML is built with libxml2's xmlTextWriter, element order as in
 * Finvoice3.0.xsd. */
#include "paikka/finvoice.h"

#include <ctype.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/invoice.h"

char *fv_amount(char *dst, size_t n, int64_t cents)
{
	uint64_t a =
	    cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	snprintf(dst, n, "%s%llu,%02llu", cents < 0 ? "-" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
	return dst;
}

/* 'YYYY-MM-DD' → "YYYYMMDD"; "" when s is not such a date. */
static const char *ccyymmdd(char *dst, const char *s)
{
	dst[0] = '\0';
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return dst;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return dst;
	memcpy(dst, s, 4);
	memcpy(dst + 4, s + 5, 2);
	memcpy(dst + 6, s + 8, 2);
	dst[8] = '\0';
	return dst;
}

/* s cut to at most max characters (UTF-8 sequences kept whole). */
static const char *cut(char *dst, size_t n, const char *s, size_t max)
{
	size_t k = 0, chars = 0;
	if (s == NULL)
		s = "";
	while (s[k] && chars < max) {
		size_t l = 1;
		while ((s[k + l] & 0xC0) == 0x80)
			l++;
		if (k + l >= n)
			break;
		k += l;
		chars++;
	}
	memcpy(dst, s, k);
	dst[k] = '\0';
	return dst;
}

/* The length of the UTF-8 sequence at p when it is a character XML 1.0
 * allows (not a control but tab, LF and CR; not U+FFFE or U+FFFF), else
 * 0. p is NUL-terminated. */
static size_t xml_char(const unsigned char *p)
{
	uint32_t c;
	size_t n;
	if (p[0] < 0x80)
		return p[0] >= 0x20 || p[0] == '\t' || p[0] == '\n' ||
		       p[0] == '\r';
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
		return 0;
	return n;
}

/* s with every byte that is not such a character replaced by U+FFFD, so
 * that any text makes well-formed XML; NULL is "". Free it; NULL when out
 * of memory. */
static char *clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	char *d = malloc(3 * strlen((const char *)p) + 1);
	size_t k = 0;
	if (d == NULL)
		return NULL;
	while (*p) {
		size_t n = xml_char(p);
		if (n == 0) {
			memcpy(d + k, "\xef\xbf\xbd", 3);
			k += 3;
			p++;
			continue;
		}
		memcpy(d + k, p, n);
		k += n;
		p += n;
	}
	d[k] = '\0';
	return d;
}

/* The characters of a (cleaned) UTF-8 string. */
static size_t chars(const char *s)
{
	size_t n = 0;
	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* xs:token's view of s, in place: tab, CR and LF as spaces, runs of
 * spaces as one, none at either end. */
static char *collapse(char *s)
{
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		char c =
		    s[i] == '\t' || s[i] == '\r' || s[i] == '\n' ? ' ' : s[i];
		if (c == ' ' && (k == 0 || s[k - 1] == ' '))
			continue;
		s[k++] = c;
	}
	while (k > 0 && s[k - 1] == ' ')
		k--;
	s[k] = '\0';
	return s;
}

/* 1 when a party's name has two characters besides white space, as
 * Finvoice wants of OrganisationName and EpiNameAddressDetails. */
static int name_ok(const char *name)
{
	char *c = clean(name);
	int ok = c && chars(collapse(c)) >= 2;
	free(c);
	return ok;
}

/* What Finvoice can carry: amounts of at most 15 digits of euros,
 * quantities of at most 14 characters (with a minus sign). */
#define FV_MAX_CENTS 99999999999999999LL
#define FV_MAX_DAYS 9999999999999LL

static int usable(const struct fv_invoice *inv)
{
	if (inv == NULL || inv->nlines == 0 || inv->lines == NULL ||
	    inv->number == NULL || inv->iban == NULL || inv->bic == NULL ||
	    inv->reference == NULL || !name_ok(inv->seller.name) ||
	    !name_ok(inv->buyer.name))
		return 0;
	int64_t sum = 0;
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fv_line *l = &inv->lines[i];
		int64_t t = inv_line_total(l->days, l->unit_cents);
		if (t < 0 || t != l->total_cents || t > INT64_MAX - sum ||
		    l->days > FV_MAX_DAYS || l->unit_cents > FV_MAX_CENTS)
			return 0;
		sum += t;
	}
	return sum == inv->total_cents && sum <= FV_MAX_CENTS;
}

/* Two characters at least (counted low when s is not UTF-8). */
static int has(const char *s)
{
	return chars(s) >= 2;
}

/* --- XML ------------------------------------------------------------- */

#define X(e) (const xmlChar *)(e)

struct w {
	xmlTextWriterPtr w;
	int err;
};

static void start(struct w *w, const char *name)
{
	if (xmlTextWriterStartElement(w->w, X(name)) < 0)
		w->err = 1;
}

static void end(struct w *w)
{
	if (xmlTextWriterEndElement(w->w) < 0)
		w->err = 1;
}

static void attr(struct w *w, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(w->w, X(name), X(value)) < 0)
		w->err = 1;
}

/* Text content, cleaned (libxml2 would write any byte as it is). */
static void text(struct w *w, const char *s)
{
	char *c = clean(s);
	if (c == NULL || xmlTextWriterWriteString(w->w, X(c)) < 0)
		w->err = 1;
	free(c);
}

/* <name>value</name>, with max characters (0: as is), cleaned first so
 * that the cut counts what is written. */
static void el(struct w *w, const char *name, const char *value, size_t max)
{
	char b[1024];
	char *c = clean(value);
	if (c == NULL) {
		w->err = 1;
		return;
	}
	start(w, name);
	text(w, max ? cut(b, sizeof(b), c, max) : c);
	end(w);
	free(c);
}

/* el for an xs:token element: white space collapsed before the cut. */
static void el_token(
    struct w *w, const char *name, const char *value, size_t max)
{
	char *c = clean(value);
	if (c == NULL) {
		w->err = 1;
		return;
	}
	el(w, name, collapse(c), max);
	free(c);
}

/* <name a="v">value</name> */
static void el_a(struct w *w, const char *name, const char *a, const char *v,
    const char *value)
{
	start(w, name);
	attr(w, a, v);
	text(w, value);
	end(w);
}

static void el_date(struct w *w, const char *name, const char *iso)
{
	char d[16];
	el_a(w, name, "Format", "CCYYMMDD", ccyymmdd(d, iso));
}

static void el_eur(struct w *w, const char *name, int64_t cents)
{
	char a[32];
	el_a(w, name, "AmountCurrencyIdentifier", "EUR",
	    fv_amount(a, sizeof(a), cents));
}

/* "2345678-0" → "FI23456780" */
static const char *tax_code(char *dst, size_t n, const char *ytunnus)
{
	size_t k = 0;
	if (n < 4)
		return "";
	dst[k++] = 'F';
	dst[k++] = 'I';
	for (const char *s = ytunnus ? ytunnus : ""; *s && k + 1 < n; s++)
		if (isdigit((unsigned char)*s))
			dst[k++] = *s;
	dst[k] = '\0';
	return dst;
}

static void address(struct w *w, const char *who, const struct fv_party *p)
{
	char e[64];
	if (!has(p->street) || !has(p->city) || !has(p->postcode))
		return;
	snprintf(e, sizeof(e), "%sPostalAddressDetails", who);
	start(w, e);
	snprintf(e, sizeof(e), "%sStreetName", who);
	el(w, e, p->street, 35);
	snprintf(e, sizeof(e), "%sTownName", who);
	el(w, e, p->city, 35);
	snprintf(e, sizeof(e), "%sPostCodeIdentifier", who);
	el(w, e, p->postcode, 35);
	el(w, "CountryCode", "FI", 0);
	el(w, "CountryName", "Suomi", 0);
	end(w);
}

static void party(struct w *w, const char *who, const struct fv_party *p)
{
	char e[64], tc[40];
	snprintf(e, sizeof(e), "%sPartyDetails", who);
	start(w, e);
	snprintf(e, sizeof(e), "%sPartyIdentifier", who);
	el(w, e, p->ytunnus, 35);
	snprintf(e, sizeof(e), "%sOrganisationName", who);
	el(w, e, p->name, 70);
	snprintf(e, sizeof(e), "%sOrganisationTaxCode", who);
	el(w, e, tax_code(tc, sizeof(tc), p->ytunnus), 35);
	address(w, who, p);
	end(w);
}

static void address_id(struct w *w, const char *name, const char *addr)
{
	char b[160];
	char *c = clean(addr);
	if (c == NULL) {
		w->err = 1;
		return;
	}
	start(w, name);
	if (strncmp(c, "0037", 4) == 0)
		attr(w, "SchemeID", "0037");
	text(w, cut(b, sizeof(b), c, 35));
	end(w);
	free(c);
}

/* Sender and receiver: only when both e-invoice addresses and both
 * operators are known (the block is optional in the schema). */
static void transmission(struct w *w, const struct fv_invoice *inv)
{
	const struct fv_party *s = &inv->seller, *b = &inv->buyer;
	if (!has(s->einvoice) || !has(s->operator) || !has(b->einvoice) ||
	    !has(b->operator))
		return;
	char id[64];
	start(w, "MessageTransmissionDetails");
	start(w, "MessageSenderDetails");
	address_id(w, "FromIdentifier", s->einvoice);
	el(w, "FromIntermediator", s->operator, 35);
	end(w);
	start(w, "MessageReceiverDetails");
	address_id(w, "ToIdentifier", b->einvoice);
	el(w, "ToIntermediator", b->operator, 35);
	end(w);
	start(w, "MessageDetails");
	snprintf(id, sizeof(id), "%s-%d", inv->number, inv->version);
	el(w, "MessageIdentifier", id, 48);
	el(w, "MessageTimeStamp",
	    inv->timestamp ? inv->timestamp : "1970-01-01T00:00:00Z", 0);
	el(w, "SpecificationIdentifier", "EN16931", 0);
	end(w);
	end(w);
}

/* sg is -1 on a credit note: quantities and amounts count negatively,
 * the unit price stays as it was. */
static void row(struct w *w, const struct fv_line *l, size_t pos, int sg)
{
	char b[64];
	start(w, "InvoiceRow");
	snprintf(b, sizeof(b), "%d", l->service_code);
	el(w, "ArticleIdentifier", b, 0);
	el(w, "ArticleName", l->service, 100);
	snprintf(b, sizeof(b), "%lld", (long long)(sg * l->days));
	start(w, "DeliveredQuantity");
	attr(w, "QuantityUnitCode", "pv");
	attr(w, "QuantityUnitCodeUN", "DAY");
	text(w, b);
	end(w);
	start(w, "InvoicedQuantity");
	attr(w, "QuantityUnitCode", "pv");
	attr(w, "QuantityUnitCodeUN", "DAY");
	text(w, b);
	end(w);
	/* The line's period inside the month. */
	el_date(w, "StartDate", l->period_start);
	el_date(w, "EndDate", l->period_end);
	el_eur(w, "UnitPriceAmount", l->unit_cents);
	snprintf(b, sizeof(b), "%zu", pos);
	el(w, "RowPositionIdentifier", b, 0);
	char t[600];
	snprintf(t, sizeof(t), "Asiakasviite %s", l->client_ref);
	el(w, "RowFreeText", t, 512);
	el(w, "RowVatRatePercent", "0", 0);
	el(w, "RowVatCode", "E", 0);
	el_eur(w, "RowVatAmount", 0);
	el_eur(w, "RowVatExcludedAmount", sg * l->total_cents);
	el_eur(w, "RowAmount", sg * l->total_cents);
	end(w);
}

/* The <Finvoice> element itself. */
static void finvoice(struct w *w, const struct fv_invoice *inv)
{
	char b[64];
	start(w, "Finvoice");
	attr(w, "Version", "3.0");
	if (xmlTextWriterWriteAttributeNS(w->w, X("xsi"),
	        X("noNamespaceSchemaLocation"),
	        X("http://www.w3.org/2001/XMLSchema-instance"),
	        X("Finvoice3.0.xsd")) < 0)
		w->err = 1;
	transmission(w, inv);
	party(w, "Seller", &inv->seller);
	if (has(inv->seller.einvoice))
		el(w, "SellerOrganisationUnitNumber", inv->seller.einvoice, 35);
	start(w, "SellerInformationDetails");
	start(w, "SellerAccountDetails");
	el_a(w, "SellerAccountID", "IdentificationSchemeName", "IBAN",
	    inv->iban);
	el_a(w, "SellerBic", "IdentificationSchemeName", "BIC", inv->bic);
	end(w);
	end(w);
	party(w, "Buyer", &inv->buyer);
	if (has(inv->buyer.einvoice))
		el(w, "BuyerOrganisationUnitNumber", inv->buyer.einvoice, 35);

	int sg = inv->credit ? -1 : 1;
	int64_t total = sg * inv->total_cents;
	start(w, "InvoiceDetails");
	el(w, "InvoiceTypeCode", inv->credit ? "INV02" : "INV01", 0);
	el(w, "InvoiceTypeCodeUN", inv->credit ? "381" : "380", 0);
	el(w, "InvoiceTypeText", inv->credit ? "HYVITYSLASKU" : "LASKU", 0);
	el(w, "OriginCode", "Original", 0);
	el(w, "InvoiceNumber", inv->number, 20);
	el_date(w, "InvoiceDate", inv->invoice_date);
	if (inv->credit && has(inv->original_number)) {
		el(w, "OriginalInvoiceNumber", inv->original_number, 20);
		if (has(inv->original_date))
			el_date(w, "OriginalInvoiceDate", inv->original_date);
	}
	if (inv->month && inv_month_valid(inv->month)) {
		/* The month's first and last day. */
		static const int mdays[12] = {
		    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int y = (inv->month[0] - '0') * 1000 +
		        (inv->month[1] - '0') * 100 +
		        (inv->month[2] - '0') * 10 + (inv->month[3] - '0');
		int m = (inv->month[5] - '0') * 10 + (inv->month[6] - '0');
		int last = mdays[m - 1] +
		           (m == 2 && y % 4 == 0 && (y % 100 || y % 400 == 0));
		snprintf(b, sizeof(b), "%.7s-01", inv->month);
		el_date(w, "InvoicingPeriodStartDate", b);
		snprintf(b, sizeof(b), "%.7s-%02d", inv->month, last);
		el_date(w, "InvoicingPeriodEndDate", b);
	}
	snprintf(b, sizeof(b), "%lld", (long long)inv->contract_id);
	el(w, "AgreementIdentifier", b, 0);
	if (inv->buyer_reference && *inv->buyer_reference)
		el(w, "BuyerReferenceIdentifier", inv->buyer_reference, 70);
	el_eur(w, "RowsTotalVatExcludedAmount", total);
	el_eur(w, "InvoiceTotalVatExcludedAmount", total);
	el_eur(w, "InvoiceTotalVatAmount", 0);
	el_eur(w, "InvoiceTotalVatIncludedAmount", total);
	start(w, "VatSpecificationDetails");
	el_eur(w, "VatBaseAmount", total);
	el(w, "VatRatePercent", "0", 0);
	el(w, "VatCode", "E", 0);
	el_eur(w, "VatRateAmount", 0);
	el(w, "VatFreeText", inv->vat_text ? inv->vat_text : INV_VAT_TEXT, 70);
	el(w, "VatExemptionReasonCode", "VATEX-EU-132-1G", 0);
	end(w);
	start(w, "PaymentTermsDetails");
	el_date(w, "InvoiceDueDate", inv->due_date);
	end(w);
	end(w);

	start(w, "PaymentStatusDetails");
	el(w, "PaymentStatusCode", "NOTPAID", 0);
	end(w);

	for (size_t i = 0; i < inv->nlines; i++)
		row(w, &inv->lines[i], i + 1, sg);

	start(w, "EpiDetails");
	start(w, "EpiIdentificationDetails");
	el_date(w, "EpiDate", inv->invoice_date);
	el(w, "EpiReference", inv->number, 35);
	end(w);
	start(w, "EpiPartyDetails");
	start(w, "EpiBfiPartyDetails");
	el_a(
	    w, "EpiBfiIdentifier", "IdentificationSchemeName", "BIC", inv->bic);
	end(w);
	start(w, "EpiBeneficiaryPartyDetails");
	el_token(w, "EpiNameAddressDetails", inv->seller.name, 35);
	el_a(w, "EpiAccountID", "IdentificationSchemeName", "IBAN", inv->iban);
	end(w);
	end(w);
	start(w, "EpiPaymentInstructionDetails");
	el_a(w, "EpiRemittanceInfoIdentifier", "IdentificationSchemeName",
	    "SPY", inv->reference);
	char a[32];
	el_a(w, "EpiInstructedAmount", "AmountCurrencyIdentifier", "EUR",
	    fv_amount(a, sizeof(a), total));
	el_a(w, "EpiCharge", "ChargeOption", "SLEV", "");
	el_date(w, "EpiDateOptionDate", inv->due_date);
	el(w, "EpiPaymentMeansCode", "58", 0);
	end(w);
	end(w);
	end(w);
}

static int write_doc(struct buf *out, const char *month,
    const struct fv_invoice *invs, size_t n, int batch)
{
	for (size_t i = 0; i < n; i++)
		if (!usable(&invs[i]))
			return -1;
	xmlBufferPtr xb = xmlBufferCreate();
	if (xb == NULL)
		return -1;
	struct w w = {xmlNewTextWriterMemory(xb, 0), 0};
	if (w.w == NULL) {
		xmlBufferFree(xb);
		return -1;
	}
	xmlTextWriterSetIndent(w.w, 1);
	xmlTextWriterSetIndentString(w.w, X("  "));
	if (xmlTextWriterStartDocument(w.w, NULL, "UTF-8", NULL) < 0)
		w.err = 1;
	if (batch) {
		char c[32];
		start(&w, "FinvoiceBatch");
		attr(&w, "Month", month ? month : "");
		snprintf(c, sizeof(c), "%zu", n);
		attr(&w, "Count", c);
	}
	for (size_t i = 0; i < n && !w.err; i++)
		finvoice(&w, &invs[i]);
	if (batch)
		end(&w);
	if (xmlTextWriterEndDocument(w.w) < 0)
		w.err = 1;
	xmlFreeTextWriter(w.w);
	if (!w.err)
		buf_add(out, (const char *)xmlBufferContent(xb),
		    (size_t)xmlBufferLength(xb));
	xmlBufferFree(xb);
	return w.err ? -1 : 0;
}

int fv_write(struct buf *out, const struct fv_invoice *inv)
{
	return write_doc(out, NULL, inv, 1, 0);
}

int fv_write_batch(
    struct buf *out, const char *month, const struct fv_invoice *invs, size_t n)
{
	return write_doc(out, month, invs, n, 1);
}

/* --- CSV ------------------------------------------------------------- */

/* A text field: quoted when it holds ';', '"', CR or LF; a leading =, +, -, @
 * or tab (a spreadsheet formula) gets a ' in front. */
static void put(struct buf *out, const char *s, int last, int text)
{
	s = s ? s : "";
	int q = strpbrk(s, ";\"\r\n") != NULL;
	int f = text && *s && strchr("=+-@\t", *s) != NULL;
	if (q)
		buf_putc(out, '"');
	if (f)
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	if (q)
		buf_putc(out, '"');
	buf_puts(out, last ? "\r\n" : ";");
}

static void field(struct buf *out, const char *s, int last)
{
	put(out, s, last, 1);
}

/* A number or amount: never a formula. */
static void num(struct buf *out, const char *s, int last)
{
	put(out, s, last, 0);
}

void fv_csv_header(struct buf *out)
{
	buf_puts(out, "\xef\xbb\xbf");
	buf_puts(out, "invoice_number;version;invoice_date;due_date;month;"
	              "provider_ytunnus;provider_name;contract;buyer_reference;"
	              "reference_number;client_ref;service_code;period_start;"
	              "period_end;days;unit_price;line_total;invoice_total;"
	              "document_type;original_invoice\r\n");
}

int fv_csv_rows(struct buf *out, const struct fv_invoice *inv)
{
	if (!usable(inv))
		return -1;
	char v[32], c[32], a[32], t[32], code[16], days[32];
	int sg = inv->credit ? -1 : 1;
	snprintf(v, sizeof(v), "%d", inv->version);
	snprintf(c, sizeof(c), "%lld", (long long)inv->contract_id);
	fv_amount(t, sizeof(t), sg * inv->total_cents);
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fv_line *l = &inv->lines[i];
		field(out, inv->number, 0);
		num(out, v, 0);
		field(out, inv->invoice_date, 0);
		field(out, inv->due_date, 0);
		field(out, inv->month, 0);
		field(out, inv->seller.ytunnus, 0);
		field(out, inv->seller.name, 0);
		num(out, c, 0);
		field(out, inv->buyer_reference, 0);
		field(out, inv->reference, 0);
		field(out, l->client_ref, 0);
		snprintf(code, sizeof(code), "%d", l->service_code);
		num(out, code, 0);
		field(out, l->period_start, 0);
		field(out, l->period_end, 0);
		snprintf(days, sizeof(days), "%lld", (long long)(sg * l->days));
		num(out, days, 0);
		num(out, fv_amount(a, sizeof(a), l->unit_cents), 0);
		num(out, fv_amount(a, sizeof(a), sg * l->total_cents), 0);
		num(out, t, 0);
		field(out, inv->credit ? "credit_note" : "invoice", 0);
		field(out, inv->credit ? inv->original_number : "", 1);
	}
	return 0;
}
