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
 * one, is a unit of a higher level than the issuer's (the province around a
 * county), is the stem of one (兴化 for 兴化市), a zone (产业园, 开发区), or a
 * 本-word (本市, 本区, 辖区). A bare provision (no title) treats every named
 * place as local: restricting firms to any one place is what the rules look
 * for; a titled document that names no place (a national one) treats none.
 *
 * The issuer's places are resolved against the GB/T 2260 divisions
 * (divisions.c) once the structure is recognised, so that a place the text
 * names is judged by where it lies: the city and province around a district
 * (杭州市 in a 余杭区 document) and a district inside a city (余杭区 in a
 * 杭州市 document) are the issuer's; a neighbour (萧山区 in a 余杭区
 * document) or another province is not. Without a title or signature place,
 * the 文号's agency can name the issuer (江北政办发 → 江北区) when its leading
 * characters are the short form of a division. Names the table does not
 * know (a town, a renamed or invented unit) keep the suffix reading.
 */
#include <stdint.h>
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


static int agency_start(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof agency_starts / sizeof agency_starts[0]; i++)
        if (nl_has_prefix(s, n, agency_starts[i]))
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

static int generic(const char *s, size_t n);

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
        if (!found || generic(s, found))
            return;
        /* 杭州 + 市, 通州 + 区, 沙市 + 区: a suffix character right after one
           belongs to the same name */
        while (found < n && chars < 12 && !agency_start(s + found, n - found)) {
            /* (湖南省 + 市场监督管理局: an agency's name, not 沙市 + 区) */
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

/* The issuer names of a document: the title before 关于 (or, without 关于,
   the title's opening: 江州市东湖区文明养犬管理办法) and the signature's issuer
   lines. */
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
        cut_places(s, about ? (size_t)(about - s) : n, out);
    }
    if (m->signature)
        for (const nl_node *c = m->signature->first_child; c; c = c->next)
            if (c->kind == NL_NODE_ISSUER)
                cut_places(t + c->span.start, nl_span_len(c->span), out);
}

/* The 文号 agency's leading characters as a division's short form: 江北政办发
   names 江北区. Only two or more characters and only a name every match
   shares (江北 is 江北区 in two cities): a one-character 杭 or 宁 is too
   ambiguous to read. */
static void agency_place(const nl_doc *doc, places *out)
{
    const nl_meta *m = nl_doc_meta(doc);
    if (!m || nl_span_empty(m->docnum.agency) || m->docnum.is_order)
        return;
    const char *a = nl_doc_text(doc) + m->docnum.agency.start;
    size_t n = nl_span_len(m->docnum.agency);
    static const char *const stop[] = {"政", "府", "办", "发", "委", "字", "函", "规", "党", "人"};
    size_t k = 0;
    while (k < n) {
        size_t j;
        for (j = 0; j < sizeof stop / sizeof stop[0]; j++)
            if (nl_has_prefix(a + k, n - k, stop[j]))
                break;
        if (j < sizeof stop / sizeof stop[0])
            break;
        k += cp_len((unsigned char)a[k]);
    }
    if (k < 6 || k > 12)
        return;
    uint32_t codes[8];
    size_t c = nl_divisions_named(a, k, codes, 8);
    if (c == 0)
        return;
    const char *name = nl_division_name(codes[0]);
    for (size_t i = 1; i < c; i++)
        if (strcmp(nl_division_name(codes[i]), name) != 0)
            return;
    out->s[0] = name;
    out->n[0] = strlen(name);
    out->count = 1;
}

void nl_doc_resolve_issuer_places(nl_doc *doc)
{
    places p;
    issuer_places(doc, &p);
    if (p.count == 0)
        agency_place(doc, &p);
    doc->nissuer_div = 0;
    uint32_t *cand = doc->issuer_div;
    size_t nc = 0;
    for (size_t i = 0; i < p.count; i++) {
        uint32_t codes[8];
        size_t c = nl_divisions_named(p.s[i], p.n[i], codes, 8);
        if (c == 0)
            continue;
        /* a unit inside the units read so far narrows them (杭州市 then 余杭区);
           one outside them (a second issuer elsewhere, the city again) does not */
        size_t keep = 0;
        for (size_t j = 0; j < c; j++) {
            int in = nc == 0;
            for (size_t q = 0; q < nc && !in; q++)
                in = nl_division_within(codes[j], cand[q]);
            if (in)
                codes[keep++] = codes[j];
        }
        if (keep == 0)
            continue;
        memcpy(cand, codes, keep * sizeof *codes);
        nc = keep;
    }
    doc->nissuer_div = nc;
}


/* The administrative level a place name's suffix implies: 1 province, 2
   city (prefecture), 3 county or district, 4 township; 0 unknown. */
static int level_of(const char *s, size_t n)
{
    static const struct {
        const char *sfx;
        int level;
    } lv[] = {{"特别行政区", 1}, {"自治区", 1}, {"省", 1},   {"自治州", 2}, {"地区", 2}, {"市", 2},  {"州", 2},
              {"盟", 2},         {"自治县", 3}, {"自治旗", 3}, {"新区", 3},   {"区", 3},   {"县", 3},   {"旗", 3},
              {"街道", 4},       {"镇", 4},     {"乡", 4}};
    for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++)
        if (nl_ends_with(s, n, lv[i].sfx, strlen(lv[i].sfx)))
            return lv[i].level;
    return 0;
}

static size_t suffix_at(const char *s, size_t at);

/* Words that end like a place but name none, or name another place. */
static int generic(const char *s, size_t n)
{
    static const char *const lead[] = {"外", "异", "他", "其", "各", "全", "该", "所", "非", "周边", "邻近", "上级"};
    static const char *const word[] = {"地区", "区域", "小区", "社区", "园区", "景区", "片区", "城区", "市区", "郊区",
                                       "山区", "牧区", "灾区", "街区", "省市", "市县", "县区", "区县", "乡镇", "城乡",
                                       "自治区", "直辖市", "自治州", "自治县", "设区的市", "省", "市", "县", "区"};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
        if (nl_has_prefix(s, n, lead[i]))
            return 1;
    for (size_t i = 0; i < sizeof word / sizeof word[0]; i++)
        if (n == strlen(word[i]) && memcmp(s, word[i], n) == 0)
            return 1;
    /* 建立社区, 老旧小区: a word that ends in a place-like word is none */
    static const char *const tail[] = {"社区", "小区", "景区", "片区", "街区", "辖区", "校区", "厂区", "营区"};
    for (size_t i = 0; i < sizeof tail / sizeof tail[0]; i++) {
        size_t k = strlen(tail[i]);
        if (n >= k && memcmp(s + n - k, tail[i], k) == 0)
            return 1;
    }
    return 0;
}

int nl_doc_place_is_local(const nl_doc *doc, const char *s, size_t n)
{
    static const char *const own[] = {"本",   "我市", "我省", "我区", "我县", "我镇", "我乡", "我州", "我盟", "我旗", "当地", "辖区", "属地", "区内", "县内", "市内", "省内", "镇内",
                                      "区属", "县属", "市属", "省属", "区域内", "县域内", "市域内", "街道内", "乡内",
                                      "项目所在", "工程所在"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        if (nl_has_prefix(s, n, own[i]))
            return 1;
    if (generic(s, n))
        return 0;
    places p;
    issuer_places(doc, &p);
    /* a bare name (兴化 in 兴化产) is a place only as the stem of the issuer's own */
    size_t sfx = suffix_at(s, n);
    int bare = nl_span_empty(nl_doc_meta(doc)->title);
    if (p.count == 0 && doc->nissuer_div == 0) /* a bare provision: any place; a titled national document: none */
        return sfx > 0 && bare;
    /* an industrial park or development zone named in a document is its own */
    static const char *const zone[] = {"园", "园区", "开发区", "高新区", "经济区", "保税区", "示范区"};
    for (size_t i = 0; i < sizeof zone / sizeof zone[0]; i++)
        if (nl_ends_with(s, n, zone[i], strlen(zone[i])))
            return 1;

    /* Resolved against the divisions: a named division is the issuer's when
       it encloses or lies in one of the issuer's; a division elsewhere is a
       neighbour's. */
    if (doc->nissuer_div > 0) {
        uint32_t codes[8];
        size_t c = nl_divisions_named(s, n, codes, 8);
        for (size_t i = 0; i < c; i++)
            for (size_t j = 0; j < doc->nissuer_div; j++)
                if (nl_division_within(codes[i], doc->issuer_div[j]) ||
                    nl_division_within(doc->issuer_div[j], codes[i]))
                    return 1;
        if (c > 0)
            return 0;
        /* a town or street named in a county's document lies in it */
        if (level_of(s, n) == 4 && sfx > 0) {
            for (size_t j = 0; j < doc->nissuer_div; j++)
                if (doc->issuer_div[j] % 100 != 0)
                    return 1;
        }
    }

    /* A unit above the issuer's own (a province or city named in a district's
       document) encloses it, as far as a restriction goes: the issuer names
       its own county, and a draft limits firms to its province. Without a
       table of divisions that is the best reading; another province named
       in the same breath is rare in a restriction. */
    int deepest = 0;
    for (size_t i = 0; i < p.count; i++) {
        int l = level_of(p.s[i], p.n[i]);
        if (l > deepest)
            deepest = l;
    }
    /* only a province or a city: a district-level name is as likely to be a
       neighbour as the issuer's own */
    int mine = level_of(s, n);
    if (mine && mine <= 2 && deepest && mine < deepest)
        return 1;
    for (size_t i = 0; i < p.count; i++) {
        if (nl_ends_with(s, n, p.s[i], p.n[i]))
            return 1;
        /* a short form: 余杭 for 余杭区 (the name without its suffix, two
           characters at least) */
        size_t k = suffix_at(p.s[i], p.n[i]);
        size_t stem = p.n[i] - k;
        if (stem >= 6 && n == stem && memcmp(s, p.s[i], stem) == 0)
            return 1;
        /* an autonomous unit goes by its first two characters: 澜沧县 or 澜沧
           for 澜沧拉祜族自治县 */
        if (k >= 9 && memcmp(p.s[i] + p.n[i] - k, "自治", 6) == 0 && stem > 6 && n >= 6 &&
            memcmp(s, p.s[i], 6) == 0 && (n == 6 || suffix_at(s, n) == n - 6))
            return 1;
    }
    return 0;
}

const char *nl_issuer_level_id(nl_issuer_level l)
{
    switch (l) {
    case NL_ISSUER_UNKNOWN: return "unknown";
    case NL_ISSUER_CENTRAL: return "central";
    case NL_ISSUER_PROVINCIAL: return "provincial";
    case NL_ISSUER_MUNICIPAL: return "municipal";
    case NL_ISSUER_COUNTY: return "county";
    case NL_ISSUER_TOWNSHIP: return "township";
    }
    return "unknown";
}

/* A national body: the State Council and its offices, ministries,
   commissions, administrations, the people's bank. */
static int central_name(const char *s, size_t n)
{
    static const char *const lead[] = {"国务院", "中共中央", "中华人民共和国", "全国人民代表大会", "国家", "中国人民银行",
                                       "财政部", "商务部", "教育部", "公安部", "民政部", "司法部", "交通运输部",
                                       "农业农村部", "自然资源部", "生态环境部", "住房和城乡建设部", "水利部",
                                       "工业和信息化部", "人力资源和社会保障部", "文化和旅游部", "应急管理部",
                                       "海关总署", "税务总局", "市场监管总局", "国家市场监督管理总局"};
    for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++)
        if (nl_has_prefix(s, n, lead[i]))
            return 1;
    return 0;
}

nl_issuer_level nl_doc_issuer_level(const nl_doc *doc)
{
    places p;
    issuer_places(doc, &p);
    int deepest = 0;
    for (size_t i = 0; i < p.count; i++) {
        int l = level_of(p.s[i], p.n[i]);
        if (l > deepest)
            deepest = l;
    }
    if (deepest)
        return (nl_issuer_level)(NL_ISSUER_CENTRAL + deepest);
    const nl_meta *m = nl_doc_meta(doc);
    const char *t = nl_doc_text(doc);
    if (m && !nl_span_empty(m->title) && central_name(t + m->title.start, nl_span_len(m->title)))
        return NL_ISSUER_CENTRAL;
    if (m && m->signature)
        for (const nl_node *c = m->signature->first_child; c; c = c->next)
            if (c->kind == NL_NODE_ISSUER && central_name(t + c->span.start, nl_span_len(c->span)))
                return NL_ISSUER_CENTRAL;
    /* a 题注 under the title: 1995年7月28日 国务院发布 */
    if (m && !nl_span_empty(m->title)) {
        size_t a = m->title.end, b = a + 240 < nl_doc_len(doc) ? a + 240 : nl_doc_len(doc);
        for (size_t i = a; i + 9 <= b; i++)
            if (memcmp(t + i, "国务院", 9) == 0 && !(i >= a + 3 && memcmp(t + i - 3, "《", 3) == 0)) {
                /* 国务院发布 / 国务院批准 / 国务院令: within a few characters */
                size_t e = i + 9 + 24 < b ? i + 9 + 24 : b;
                static const char *const act[] = {"发布", "批准", "令", "公布"};
                for (size_t j = i + 9; j < e; j++)
                    for (size_t k = 0; k < 4; k++)
                        if (j + strlen(act[k]) <= e && memcmp(t + j, act[k], strlen(act[k])) == 0)
                            return NL_ISSUER_CENTRAL;
            }
    }
    return NL_ISSUER_UNKNOWN;
}

nl_span nl_doc_issuer(const nl_doc *doc)
{
    nl_span none = {0, 0};
    const nl_meta *m = nl_doc_meta(doc);
    if (!m)
        return none;
    if (m->signature)
        for (const nl_node *c = m->signature->first_child; c; c = c->next)
            if (c->kind == NL_NODE_ISSUER)
                return c->span;
    if (!nl_span_empty(m->title)) {
        const char *t = nl_doc_text(doc) + m->title.start;
        size_t n = nl_span_len(m->title), about = nl_find(t, n, "关于", 6);
        if (about < n && about > 0) {
            nl_span s = {m->title.start, m->title.start + about};
            return s;
        }
    }
    return none;
}

const char *nl_issuer_kind_id(nl_issuer_kind k)
{
    switch (k) {
    case NL_ISSUER_KIND_UNKNOWN: return "unknown";
    case NL_ISSUER_GOVERNMENT: return "government";
    case NL_ISSUER_OFFICE: return "office";
    case NL_ISSUER_DEPARTMENT: return "department";
    case NL_ISSUER_INTERNAL: return "internal-unit";
    case NL_ISSUER_COORDINATION: return "coordination-body";
    case NL_ISSUER_DISPATCHED: return "dispatched-office";
    }
    return "unknown";
}

nl_issuer_kind nl_doc_issuer_kind(const nl_doc *doc)
{
    /* tested in order: the longest and most specific endings first */
    static const struct {
        const char *sfx;
        nl_issuer_kind kind;
    } ends[] = {
        {"领导小组办公室", NL_ISSUER_COORDINATION}, {"领导小组", NL_ISSUER_COORDINATION},
        {"指挥部办公室", NL_ISSUER_COORDINATION},   {"指挥部", NL_ISSUER_COORDINATION},
        {"联席会议办公室", NL_ISSUER_COORDINATION}, {"联席会议", NL_ISSUER_COORDINATION},
        {"工作专班", NL_ISSUER_COORDINATION},       {"工作组", NL_ISSUER_COORDINATION},
        {"人民政府办公厅", NL_ISSUER_OFFICE},       {"人民政府办公室", NL_ISSUER_OFFICE},
        {"人民政府", NL_ISSUER_GOVERNMENT},         {"街道办事处", NL_ISSUER_DISPATCHED},
        {"管理委员会", NL_ISSUER_DISPATCHED},       {"管委会", NL_ISSUER_DISPATCHED},
        {"中队", NL_ISSUER_INTERNAL},               {"大队", NL_ISSUER_INTERNAL},
        {"处", NL_ISSUER_INTERNAL},                 {"科", NL_ISSUER_INTERNAL},
        {"股", NL_ISSUER_INTERNAL},                 {"办公室", NL_ISSUER_INTERNAL},
        {"局", NL_ISSUER_DEPARTMENT},               {"厅", NL_ISSUER_DEPARTMENT},
        {"委员会", NL_ISSUER_DEPARTMENT},           {"委", NL_ISSUER_DEPARTMENT},
        {"部", NL_ISSUER_DEPARTMENT},               {"署", NL_ISSUER_DEPARTMENT},
        {"办", NL_ISSUER_DEPARTMENT},               {"院", NL_ISSUER_DEPARTMENT},
    };
    nl_span sp = nl_doc_issuer(doc);
    if (nl_span_empty(sp))
        return NL_ISSUER_KIND_UNKNOWN;
    const char *s = nl_doc_text(doc) + sp.start;
    size_t n = nl_span_len(sp);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (nl_has_suffix(s, n, ends[i].sfx))
            return ends[i].kind;
    return NL_ISSUER_KIND_UNKNOWN;
}
