/* TEMPORARY while the tendering handlers are written in parallel: weak
 * placeholders so the program links before every file exists. Each real
 * handler overrides its placeholder. This file is deleted before commit. */
#include "tendering.h"

#define PENDING(fn)                                                        \
	__attribute__((weak)) int fn(struct req *r)                        \
	{                                                                  \
		return not_found(r);                                       \
	}

PENDING(tenders_list)
PENDING(tender_page)
PENDING(tender_document)
PENDING(tender_new_page)
PENDING(tender_create)
PENDING(tender_edit_page)
PENDING(tender_edit)
PENDING(lot_add)
PENDING(lot_page)
PENDING(lot_edit)
PENDING(lot_delete)
PENDING(criterion_add)
PENDING(criterion_delete)
PENDING(requirement_add)
PENDING(requirement_delete)
PENDING(document_upload)
PENDING(document_delete)
PENDING(tender_publish)
PENDING(amendment_add)
PENDING(question_answer)
PENDING(tender_cancel)
PENDING(question_ask)
PENDING(bid_page)
PENDING(bid_save)
PENDING(bid_submit)
PENDING(bid_withdraw)
PENDING(bid_receipt)
PENDING(org_documents_page)
PENDING(org_document_upload)
PENDING(org_document_download)

__attribute__((weak)) int bid_tender_vars(struct req *r, struct tvars *v,
    int64_t tender_id)
{
	(void)r;
	(void)v;
	(void)tender_id;
	return 0;
}
