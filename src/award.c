/* award.c: evaluation and award rules beyond scoring and the calendar
 * (see award.h). No HTTP here, no allocation but the caller's buffer. */
#include <string.h>
#include <time.h>

#include "paikka/arena.h"
#include "paikka/award.h"
#include "paikka/valid.h"

/* The public functions below are documented in award.h. */
enum award_points_err award_parse_points(
    const char *s, int max_points, int64_t *x100)
{
	int64_t v;

	if (s == NULL || *s == '\0')
		return AWARD_POINTS_EMPTY;
	/* valid_cents reads exactly "digits[,.]d{1,2}" into hundredths. */
	if (s[0] == '-')
		return valid_cents(s + 1, NULL) ? AWARD_POINTS_RANGE
		                                : AWARD_POINTS_FORMAT;
	if (!valid_cents(s, &v))
		return AWARD_POINTS_FORMAT;
	if (max_points < 0 || v > (int64_t)max_points * 100)
		return AWARD_POINTS_RANGE;
	if (x100 != NULL)
		*x100 = v;
	return AWARD_POINTS_OK;
}

struct cal_date award_helsinki_date(int64_t t)
{
	struct cal_date d = {0, 0, 0};
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL)
		return d;
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

struct cal_date award_standstill_end(int64_t decided, int days)
{
	struct cal_date d = award_helsinki_date(decided);

	return cal_standstill_end(d.y, d.m, d.d, days);
}

int award_ready_for_contracts(const char *standstill_end, int64_t now)
{
	struct cal_date end, today;

	if (standstill_end == NULL || !cal_parse_iso(standstill_end, &end))
		return 0;
	today = award_helsinki_date(now);
	if (!cal_date_valid(today.y, today.m, today.d))
		return 0;
	return cal_days_from_civil(today.y, today.m, today.d) >
	       cal_days_from_civil(end.y, end.m, end.d);
}

void award_csv_field(struct buf *out, const char *s)
{
	if (s == NULL)
		s = "";
	int quote = strpbrk(s, ";\"\r\n") != NULL;
	int formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';

	if (quote)
		buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	if (quote)
		buf_putc(out, '"');
}

static const char APPEAL_FI[] =
    "Hankintaoikaisu\n"
    "Asianosainen voi vaatia hankintayksikköä korjaamaan tämän päätöksen "
    "hankintaoikaisulla (hankintalaki 1397/2016, 132 §). "
    "Hankintaoikaisuvaatimus on tehtävä kirjallisesti 14 päivän kuluessa "
    "siitä, kun asianosainen on saanut tiedon hankintapäätöksestä. "
    "Vaatimuksessa ilmoitetaan vaatimuksen tekijän nimi ja yhteystiedot, "
    "päätös, jota vaatimus koskee, sekä vaatimukset perusteluineen. Vaatimus "
    "toimitetaan päätöksen tehneelle hankintayksikölle. "
    "Hankintaoikaisuvaatimuksen tekeminen ei keskeytä valitusajan "
    "kulumista.\n"
    "\n"
    "Valitus markkinaoikeuteen\n"
    "Tarjoaja, jota asia koskee, voi saattaa asian markkinaoikeuden "
    "käsiteltäväksi valituksella (hankintalaki 146 §). Valitus on tehtävä "
    "kirjallisesti 14 päivän kuluessa siitä, kun tarjoaja on saanut tiedon "
    "hankintapäätöksestä ja valitusosoituksesta. Valituksessa ilmoitetaan "
    "valittajan nimi ja yhteystiedot, päätös, johon haetaan muutosta, "
    "vaatimukset perusteluineen sekä tämä valitusosoitus. Valitus "
    "toimitetaan osoitteeseen Markkinaoikeus, Radanrakentajantie 5, 00520 "
    "Helsinki, sähköposti markkinaoikeus@oikeus.fi. Valituksesta on "
    "ilmoitettava kirjallisesti myös hankintayksikölle viimeistään "
    "valituksen jättöpäivänä. Markkinaoikeus perii valittajalta "
    "oikeudenkäyntimaksun tuomioistuinmaksulain (1455/2015) mukaisesti.\n"
    "\n"
    "Tiedoksisaanti\n"
    "Sähköisesti lähetetyn päätöksen katsotaan tulleen tarjoajan tietoon "
    "sinä päivänä, jona se on lähetetty (hankintalaki 59 §).";

static const char APPEAL_SV[] =
    "Upphandlingsrättelse\n"
    "En part kan yrka att den upphandlande enheten rättar detta beslut "
    "genom upphandlingsrättelse (upphandlingslagen 1397/2016, 132 §). "
    "Yrkandet ska framställas skriftligen inom 14 dagar från det att "
    "parten fick del av upphandlingsbeslutet. I yrkandet anges namn och "
    "kontaktuppgifter för den som framställer det, det beslut som yrkandet "
    "gäller samt yrkandena och grunderna för dem. Yrkandet lämnas till den "
    "upphandlande enhet som fattat beslutet. Ett yrkande på "
    "upphandlingsrättelse avbryter inte besvärstiden.\n"
    "\n"
    "Besvär hos marknadsdomstolen\n"
    "En anbudsgivare som saken gäller kan föra ärendet till "
    "marknadsdomstolen genom besvär (upphandlingslagen 146 §). Besväret "
    "ska anföras skriftligen inom 14 dagar från det att anbudsgivaren fick "
    "del av upphandlingsbeslutet och besvärsanvisningen. I besväret anges "
    "ändringssökandens namn och kontaktuppgifter, det beslut som "
    "överklagas, yrkandena och grunderna för dem samt denna "
    "besvärsanvisning. Besväret lämnas till Marknadsdomstolen, "
    "Banbyggarvägen 5, 00520 Helsingfors, e-post "
    "markkinaoikeus@oikeus.fi. Den upphandlande enheten ska underrättas "
    "skriftligen om besväret senast den dag då det anförs. "
    "Marknadsdomstolen tar ut en rättegångsavgift enligt lagen om "
    "domstolsavgifter (1455/2015).\n"
    "\n"
    "Delfående\n"
    "Ett beslut som sänts elektroniskt anses ha kommit till "
    "anbudsgivarens kännedom den dag det sändes (upphandlingslagen 59 §).";

const char *award_appeal_default(enum lang l)
{
	return l == LANG_SV ? APPEAL_SV : APPEAL_FI;
}
