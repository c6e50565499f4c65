/* dashboard.c: what the dashboards share (dashboard.h): the choice by
 * role, building an item, and Helsinki dates. */
#include <stdio.h>
#include <string.h>

#include "dashboard.h"
#include "paikka/award.h"
#include "paikka/calendar.h"
#include "paikka/tmpl.h"

int dashboard_vars(struct req *r, struct tvars *v)
{
	if (r->user == NULL)
		return 0;
	switch (r->user->role) {
	case ROLE_PROVIDER:
		return dash_provider(r, v);
	case ROLE_OFFICER:
		return dash_officer(r, v);
	case ROLE_CASEWORKER:
		return dash_caseworker(r, v);
	case ROLE_FINANCE:
		return dash_finance(r, v);
	case ROLE_ADMIN:
		return dash_admin(r, v);
	}
	return 0;
}

void dash_begin(struct dash_item *d, struct req *r, struct tvars *v,
    const char *key, const char *title, const char *empty)
{
	memset(d, 0, sizeof(*d));
	d->r = r;
	d->it = tl_add(tv_list(v, "dash"));
	tv_set(d->it, "d_key", key);
	tv_set(d->it, "d_title", title);
	tv_bool(d->it, "d_counted", 1);
	if (empty)
		tv_set(d->it, "d_empty", empty);
	d->entries = tv_list(d->it, "d_entries");
}

void dash_no_count(struct dash_item *d)
{
	tv_bool(d->it, "d_counted", 0);
}

struct tvars *dash_entry(
    struct dash_item *d, const char *href, const char *text, const char *note)
{
	d->count++;
	if (d->shown >= DASH_TOP)
		return NULL;
	d->shown++;
	struct tvars *e = tl_add(d->entries);
	tv_set(e, "e_href", href);
	tv_set(e, "e_text", text);
	if (note && *note)
		tv_set(e, "e_note", note);
	return e;
}

int dash_skip(struct dash_item *d)
{
	if (d->shown < DASH_TOP)
		return 0;
	d->count++;
	return 1;
}

void dash_summary(struct dash_item *d, const char *text, const char *cls)
{
	tv_set(d->it, "d_summary", text);
	tv_set(d->it, "d_summary_class", cls);
}

void dash_end(struct dash_item *d, const char *href, const char *text)
{
	tv_setf(d->it, "d_count", "%lld", (long long)d->count);
	if (href) {
		tv_set(d->it, "d_all_href", href);
		tv_set(d->it, "d_all_text", text);
	}
}

const char *dash_day(struct req *r, int days)
{
	struct cal_date t = award_helsinki_date(r->now);
	char s[CAL_ISO_LEN];
	return arena_strdup(r->a,
	    cal_format_iso(s, sizeof(s), cal_add_days(t.y, t.m, t.d, days)));
}

const char *dash_month(struct req *r, int months)
{
	struct cal_date t = award_helsinki_date(r->now);
	int m = t.y * 12 + (t.m - 1) + months;
	return arena_printf(r->a, "%04d-%02d", m / 12, m % 12 + 1);
}

const char *dash_month_text(struct req *r, const char *month)
{
	int y = 0, m = 0;
	if (sscanf(month, "%4d-%2d", &y, &m) != 2)
		return month;
	return arena_printf(r->a, "%d/%d", m, y);
}

const char *dash_date_text(struct req *r, const char *iso)
{
	char s[32];
	return arena_strdup(r->a, fmt_isodate(s, sizeof(s), iso));
}

const char *dash_pick(struct req *r, const char *fi, const char *sv)
{
	return r->lang == LANG_SV && sv && *sv ? sv : fi;
}

int dash_done(sqlite3_stmt *st, int rc)
{
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}
