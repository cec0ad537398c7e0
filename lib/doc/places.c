/*
 * places.c — which places are the issuer's own.
 *
 * A draft that shuts out outside firms rarely says 本地: it names its own
 * place (在余杭区注册, 杭州市范围内的企业). The issuer's places are read from
 * where a document names its issuer — the title before 关于 and the issuer
 * lines of the signature — by cutting the name into administrative units at
 * their suffixes (省, 自治区, 市, 州, 盟, 地区, 区, 县, 旗, 镇, 乡, 街道) and
 * stopping at the first word of an agency name (人民政府, 市场监督管理局 …).
 * A place named in the text is local when it is one of those units, ends with
 * one, or is a 本-word (本市, 本区, 辖区). A document that names no issuer
 * place (a bare provision, a central body) treats every named place as
 * local: restricting firms to any one place is what the rules look for.
 */
#include <string.h>

#include "doc/doc_int.h"

#define MAX_PLACES 12

/* Place suffixes, longest first so that 自治州 wins over 州. */
static const char *const suffixes[] = {"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "街道", "新区",
                                       "省", "市", "州", "盟", "区", "县", "旗", "镇", "乡"};

/* Words that begin an agency name rather than a place (住房和城乡建设局 has 乡,
   市场监督管理局 has 市). */
static const char *const agency_starts[] = {
    "人民", "政府", "党委", "中共", "委员会", "办公", "住房", "城乡", "城市", "市场", "市政", "区域", "发展",
    "财政", "教育", "公安", "民政", "司法", "人力", "自然", "生态", "交通", "水利", "农业", "农村", "商务",
    "文化", "卫生", "应急", "审计", "税务", "统计", "医疗", "科学", "科技", "工业", "经济", "工商", "国有",
    "国资", "粮食", "林业", "体育", "退役", "地方", "金融", "乡村", "县域", "区县", "镇街", "管理", "街道办"};

static size_t cp_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

static int starts_with(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && memcmp(s, w, k) == 0;
}

static int agency_start(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof agency_starts / sizeof agency_starts[0]; i++)
        if (starts_with(s, n, agency_starts[i]))
            return 1;
    return 0;
}

/* Length of the place suffix ending at s[0..at) (0 when none). */
static size_t suffix_at(const char *s, size_t at)
{
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (at >= k && memcmp(s + at - k, suffixes[i], k) == 0)
            return k;
    }
    return 0;
}

typedef struct places {
    const char *s[MAX_PLACES];
    size_t n[MAX_PLACES];
    size_t count;
} places;

/* Cut the administrative units off the front of an issuer name. */
static void cut_places(const char *s, size_t n, places *out)
{
    while (n > 0 && out->count < MAX_PLACES && !agency_start(s, n)) {
        /* the shortest prefix of 2 to 12 characters ending in a suffix */
        size_t at = 0, chars = 0, found = 0;
        while (at < n && chars < 12) {
            at += cp_len((unsigned char)s[at]);
            chars++;
            if (at > n)
                return;
            if (chars >= 2 && suffix_at(s, at)) {
                found = at;
                break;
            }
        }
        if (!found)
            return;
        /* 杭州 + 市, 通州 + 区, 沙市 + 区: a suffix character right after one
           belongs to the same name */
        while (found < n && chars < 12) {
            size_t k = cp_len((unsigned char)s[found]);
            if (found + k > n || !suffix_at(s, found + k) || suffix_at(s, found + k) != k)
                break;
            found += k;
            chars++;
        }
        out->s[out->count] = s;
        out->n[out->count++] = found;
        s += found;
        n -= found;
    }
}

/* The issuer names of a document: the title before 关于 (when it has one)
   and the signature's issuer lines. */
static void issuer_places(const nl_doc *doc, places *out)
{
    const char *t = nl_doc_text(doc);
    const nl_meta *m = nl_doc_meta(doc);
    out->count = 0;
    if (!m)
        return;
    if (!nl_span_empty(m->title)) {
        const char *s = t + m->title.start;
        size_t n = nl_span_len(m->title);
        const char *about = NULL;
        for (size_t i = 0; i + 6 <= n; i++)
            if (memcmp(s + i, "关于", 6) == 0) {
                about = s + i;
                break;
            }
        if (about)
            cut_places(s, (size_t)(about - s), out);
    }
    if (m->signature)
        for (const nl_node *c = m->signature->first_child; c; c = c->next)
            if (c->kind == NL_NODE_ISSUER)
                cut_places(t + c->span.start, nl_span_len(c->span), out);
}

static int ends_with(const char *s, size_t n, const char *w, size_t k) { return n >= k && memcmp(s + n - k, w, k) == 0; }

/* Words that end like a place but name none, or name another place. */
static int generic(const char *s, size_t n)
{
    static const char *const lead[] = {"外", "异", "他", "其", "各", "全", "该", "所", "非", "周边", "邻近", "上级"};
    static const char *const word[] = {"地区", "区域", "小区", "社区", "园区", "景区", "片区", "城区", "市区", "郊区",
                                       "山区", "牧区", "灾区", "街区", "省市", "市县", "县区", "区县", "乡镇", "城乡"};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
        if (starts_with(s, n, lead[i]))
            return 1;
    for (size_t i = 0; i < sizeof word / sizeof word[0]; i++)
        if (n == strlen(word[i]) && memcmp(s, word[i], n) == 0)
            return 1;
    return 0;
}

int nl_doc_place_is_local(const nl_doc *doc, const char *s, size_t n)
{
    static const char *const own[] = {"本", "当地", "辖区", "属地", "区内", "县内", "市内", "省内"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (starts_with(s, n, own[i]))
            return 1;
    if (generic(s, n))
        return 0;
    places p;
    issuer_places(doc, &p);
    if (p.count == 0)
        return 1;
    for (size_t i = 0; i < p.count; i++) {
        if (ends_with(s, n, p.s[i], p.n[i]))
            return 1;
        /* a short form: 余杭 for 余杭区 (the name without its suffix, two
           characters at least) */
        size_t k = suffix_at(p.s[i], p.n[i]);
        size_t stem = p.n[i] - k;
        if (stem >= 6 && n == stem && memcmp(s, p.s[i], stem) == 0)
            return 1;
    }
    return 0;
}
