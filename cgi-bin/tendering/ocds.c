/* ocds.c: open contracting data. The list of published tenders with a
 * link to each one's OCDS 1.1 release package, and the package itself
 * (src/ocds.c builds it). Both public: the packages hold only what the
 * tender pages and the published award decision already show, nothing
 * of bids before the award and no client data. */
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/ocds.h"
#include "paikka/tmpl.h"
#include "tender_view.h"
#include "tendering.h"

/* The portal's public address for the packages' absolute URIs: the one
 * e-mails use (PAIKKA_BASE_URL), without a trailing slash. */
static const char *base_url(struct req *r)
{
	const char *u = getenv("PAIKKA_BASE_URL");
	if (u == NULL || *u == '\0')
		u = "http://127.0.0.1:8080";
	size_t n = strlen(u);
	while (n && u[n - 1] == '/')
		n--;
	return arena_strndup(r->a, u, n);
}

static const char *ocds_status_label(
    const char *status, int64_t deadline, int64_t now)
{
	if (strcmp(status, "published") == 0)
		return deadline > now ? _("Open for bids")
		                      : _("Bids deadline passed");
	if (strcmp(status, "opened") == 0)
		return _("Bids opened");
	if (strcmp(status, "awarded") == 0)
		return _("Awarded");
	return _("Cancelled");
}

/* Every tender that has been published, cancelled ones included. */
static const char SQL_PUBLISHED[] =
    "SELECT id, title_fi, title_sv, status, coalesce(bids_deadline, 0), "
    "published_at FROM tenders WHERE published_at IS NOT NULL AND "
    "status <> 'draft' ORDER BY published_at DESC, id DESC";

/* Who: anyone, anonymous visitors included. */
int ocds_list(struct req *r)
{
	char prefix[OCDS_PREFIX_LEN];
	if (ocds_prefix(r->db, prefix) == NULL)
		return -1;
	struct tvars *v = page_vars(r);
	struct tlist *l = tv_list(v, "packages");
	sqlite3_stmt *st = db_stmt(r->db, SQL_PUBLISHED);
	if (st == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tvars *it = tl_add(l);
		tv_set(it, "id", db_col_text(st, 0));
		tv_set(it, "title",
		    tender_text(r, db_col_text(st, 1), db_col_text(st, 2)));
		tv_set(it, "status",
		    ocds_status_label(db_col_text(st, 3),
		        sqlite3_column_int64(st, 4), r->now));
		tv_set(
		    it, "published", req_date(r, sqlite3_column_int64(st, 5)));
		tv_setf(it, "ocid", "%s-%s", prefix, db_col_text(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	tv_set(v, "prefix", prefix);
	return render(r, 200, "ocds_list", v, _("Open contracting data"));
}

/* Who: anyone, anonymous visitors included; 404 for a draft or an
 * unknown tender. */
int ocds_package_json(struct req *r)
{
	char prefix[OCDS_PREFIX_LEN];
	struct ocds_config cfg = {base_url(r), prefix};
	json_t *pkg = NULL;
	/* One read transaction: every table as of the same moment, so an
	 * award published meanwhile is either wholly in or wholly out. */
	if (db_exec(r->db, "BEGIN") != 0)
		return -1;
	int rc = ocds_prefix(r->db, prefix) == NULL
	             ? -1
	             : ocds_package(r->db, r->params[0], &cfg, &pkg);
	db_rollback(r->db);
	if (rc)
		return rc < 0 ? -1 : not_found(r);
	char *text = ocds_dumps(pkg);
	json_decref(pkg);
	if (text == NULL)
		return -1;
	r->status = 200;
	r->content_type = "application/json";
	/* Open data: any site's scripts may read it (it is public anyway). */
	buf_puts(&r->headers, "Access-Control-Allow-Origin: *\r\n");
	buf_puts(&r->body, text);
	buf_putc(&r->body, '\n');
	free(text);
	return 0;
}
