/*
 * doctype.c — inferring the document type (行政规范性文件, 规章, 地方性法规,
 * 行政法规, 法律, 司法解释, other 公文) from the title, the issuer and the 文号.
 *
 * The type decides which rules apply: a law may create penalties and licences,
 * a normative document may not. The inference is a short ordered list of
 * tests; the first that matches wins and its Chinese reason is recorded so a
 * user can see why (and override it later through configuration).
 */
#include <stddef.h>
#include <string.h>

#include "doc/doc_int.h"




const char *nl_doctype_id(nl_doctype t)
{
    switch (t) {
    case NL_DOCTYPE_UNKNOWN: return "unknown";
    case NL_DOCTYPE_NORMATIVE: return "normative";
    case NL_DOCTYPE_RULE: return "rule";
    case NL_DOCTYPE_LOCAL_REGULATION: return "local-regulation";
    case NL_DOCTYPE_ADMIN_REGULATION: return "admin-regulation";
    case NL_DOCTYPE_LAW: return "law";
    case NL_DOCTYPE_JUDICIAL: return "judicial";
    case NL_DOCTYPE_OTHER: return "other";
    }
    return "unknown";
}

const char *nl_doctype_zh(nl_doctype t)
{
    switch (t) {
    case NL_DOCTYPE_UNKNOWN: return "未能识别";
    case NL_DOCTYPE_NORMATIVE: return "行政规范性文件";
    case NL_DOCTYPE_RULE: return "规章";
    case NL_DOCTYPE_LOCAL_REGULATION: return "地方性法规";
    case NL_DOCTYPE_ADMIN_REGULATION: return "行政法规";
    case NL_DOCTYPE_LAW: return "法律";
    case NL_DOCTYPE_JUDICIAL: return "司法解释";
    case NL_DOCTYPE_OTHER: return "其他公文";
    }
    return "未能识别";
}

nl_doctype nl_doctype_from_id(const char *id, int *ok)
{
    for (int t = NL_DOCTYPE_UNKNOWN; t <= NL_DOCTYPE_OTHER; t++) {
        if (strcmp(id, nl_doctype_id((nl_doctype)t)) == 0) {
            if (ok)
                *ok = 1;
            return (nl_doctype)t;
        }
    }
    if (ok)
        *ok = 0;
    return NL_DOCTYPE_UNKNOWN;
}

/* Title genres in the order they are tested (longer suffixes first). */
static const struct {
    const char *suffix;
    nl_doctype type;
    const char *reason;
} genres[] = {
    {"批复", NL_DOCTYPE_OTHER, "文种为“批复”，属于一般公文"},
    {"复函", NL_DOCTYPE_OTHER, "文种为“复函”，属于一般公文"},
    {"函", NL_DOCTYPE_OTHER, "文种为“函”，属于一般公文"},
    {"答复", NL_DOCTYPE_OTHER, "文种为“答复”，属于一般公文"},
    {"报告", NL_DOCTYPE_OTHER, "文种为“报告”，属于一般公文"},
    {"请示", NL_DOCTYPE_OTHER, "文种为“请示”，属于一般公文"},
    {"通报", NL_DOCTYPE_OTHER, "文种为“通报”，属于一般公文"},
    {"纪要", NL_DOCTYPE_OTHER, "文种为“纪要”，属于一般公文"},
    {"议案", NL_DOCTYPE_OTHER, "文种为“议案”，属于一般公文"},
    {"办法", NL_DOCTYPE_NORMATIVE, "标题文种为“办法”，由行政机关制发"},
    {"规定", NL_DOCTYPE_NORMATIVE, "标题文种为“规定”，由行政机关制发"},
    {"细则", NL_DOCTYPE_NORMATIVE, "标题文种为“细则”，由行政机关制发"},
    {"规则", NL_DOCTYPE_NORMATIVE, "标题文种为“规则”，由行政机关制发"},
    {"意见", NL_DOCTYPE_NORMATIVE, "标题文种为“意见”，由行政机关制发"},
    {"通知", NL_DOCTYPE_NORMATIVE, "标题文种为“通知”，由行政机关制发"},
    {"决定", NL_DOCTYPE_NORMATIVE, "标题文种为“决定”，由行政机关制发"},
    {"方案", NL_DOCTYPE_NORMATIVE, "标题文种为“方案”，由行政机关制发"},
    {"措施", NL_DOCTYPE_NORMATIVE, "标题文种为“措施”，由行政机关制发"},
    {"规范", NL_DOCTYPE_NORMATIVE, "标题文种为“规范”，由行政机关制发"},
    {"标准", NL_DOCTYPE_NORMATIVE, "标题文种为“标准”，由行政机关制发"},
    {"准则", NL_DOCTYPE_NORMATIVE, "标题文种为“准则”，由行政机关制发"},
    {"制度", NL_DOCTYPE_NORMATIVE, "标题文种为“制度”，由行政机关制发"},
    {"指引", NL_DOCTYPE_NORMATIVE, "标题文种为“指引”，由行政机关制发"},
    {"公告", NL_DOCTYPE_NORMATIVE, "标题文种为“公告”，由行政机关制发"},
    {"通告", NL_DOCTYPE_NORMATIVE, "标题文种为“通告”，由行政机关制发"},
};

/* Where the issuer is written: the signature's issuer lines and the title
 * prefix before 关于. Returns 1 if any of them contains `needle`. */
static int issuer_has(const nl_doc *doc, const nl_meta *m, size_t core_a, size_t core_b, const char *needle)
{
    const char *t = doc->text;
    size_t k = 0;
    while (core_a + k + 6 <= core_b && memcmp(t + core_a + k, "关于", 6) != 0)
        k++;
    if (core_a + k + 6 <= core_b && nl_contains(t + core_a, k, needle))
        return 1;
    if (m->signature)
        for (const nl_node *n = m->signature->first_child; n; n = n->next)
            if (n->kind == NL_NODE_ISSUER && nl_contains(t + n->span.start, nl_span_len(n->span), needle))
                return 1;
    return 0;
}

/* Does a title name a county-level place (区, 县, 旗) in its opening, before
 * a genre? 榆次区城区机动车停车管理暂行条例, 某某县农村集体资产管理条例. */
static int county_title(const char *s, size_t n)
{
    static const char *const sfx[] = {"区", "县", "旗"};
    size_t cp = 0;
    for (size_t i = 0; i < n && cp <= 8; cp++) {
        for (size_t k = 0; k < 3; k++)
            if (cp >= 2 && nl_has_prefix(s + i, n - i, sfx[k]) && !nl_has_prefix(s + i, n - i, "区域") &&
                !nl_has_prefix(s + i, n - i, "县域") && !(i >= 3 && memcmp(s + i - 3, "特", 3) == 0) &&
                !(i >= 6 && memcmp(s + i - 6, "自治", 6) == 0) && !(i >= 3 && memcmp(s + i - 3, "新", 3) == 0))
                return 1;
        unsigned char ch = (unsigned char)s[i];
        i += ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    }
    return 0;
}

/* Does the 题注 (the lines right under the title) name `needle`? */
static int history_says(const nl_doc *doc, const nl_meta *m, const char *needle)
{
    const char *t = doc->text;
    size_t a = m->title.end, len = strlen(t + a);
    size_t b = a + (len < 200 ? len : 200);
    return nl_contains(t + a, b - a, needle) && nl_contains(t + a, b - a, "通过");
}

/* Does a title start with a place name? Province-level names are listed; other
 * places are recognised by an administrative suffix (市, 县, 自治州 …) after at
 * least two characters, so 城市道路管理条例 is not taken for a city's. */
static int local_title(const char *s, size_t n)
{
    static const char *const provinces[] = {
        "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
        "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
        "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆"};
    static const char *const suffixes[] = {"自治区", "自治州", "自治县", "特区", "省", "市", "县", "盟", "旗"};
    for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
        if (nl_has_prefix(s, n, provinces[i]))
            return 1;
    /* first suffix found at code point 2..12 */
    size_t cp = 0;
    for (size_t i = 0; i < n && cp <= 12; cp++) {
        for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
            if (nl_has_prefix(s + i, n - i, suffixes[k]))
                return cp >= 2;
        unsigned char ch = (unsigned char)s[i];
        i += ch < 0x80 ? 1 : ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
    }
    return 0;
}

static void set(nl_meta *m, nl_doctype t, const char *reason)
{
    m->type = t;
    m->type_reason = reason;
    m->type_guessed = t == NL_DOCTYPE_UNKNOWN;
}

/* A type read from the title's genre alone: a 部门规章 published without its
   令 reads like a normative document, so findings that hold only for a
   normative document are not certain on it. */
static void guess(nl_meta *m, nl_doctype t, const char *reason)
{
    set(m, t, reason);
    m->type_guessed = 1;
}

/* The 题注 of a published text (history lines under the title: 2016年6月24日
 * 杭州市第十二届人民代表大会常务委员会第三十八次会议通过; 2012年12月19日 公安部令
 * 第125号发布) say who enacted it. Returns the type they show, or UNKNOWN. */
static nl_doctype history_type(const nl_doc *doc, const nl_meta *m, const char **reason)
{
    const nl_docpart *part = (const nl_docpart *)(const void *)((const char *)m - offsetof(nl_docpart, meta));
    const char *t = doc->text;
    int npc = 0, local = 0, state_council = 0, order = 0;
    for (const nl_node *n = part->node.first_child; n; n = n->next) {
        if (n->kind == NL_NODE_TITLE || n->kind == NL_NODE_DOC_NUMBER)
            continue;
        const char *s = t + n->span.start;
        size_t len = nl_span_len(n->span);
        if (n->kind != NL_NODE_NOTE) {
            /* a database export's metadata block (文 号：…令, 发文机关：…) before the body */
            if (n->kind == NL_NODE_PREAMBLE || n->kind == NL_NODE_PARAGRAPH) {
                if ((nl_has_prefix(s, len, "文号：") || nl_has_prefix(s, len, "文 号：") ||
                     nl_contains(s, len, "\n文号：") || nl_contains(s, len, "\n文 号：")) &&
                    (nl_contains(s, len, "令第") || nl_contains(s, len, "令\n") || nl_contains(s, len, "令〔") ||
                     nl_has_suffix(s, len, "令")))
                    order = 1;
                continue;
            }
            break; /* only the notes right under the title */
        }
        if (nl_contains(s, len, "全国人民代表大会"))
            npc = 1;
        else if (nl_contains(s, len, "人民代表大会"))
            local = 1;
        if (nl_contains(s, len, "国务院令") || (nl_contains(s, len, "国务院") && nl_contains(s, len, "批准")) ||
            nl_contains(s, len, "国务院第"))
            state_council = 1;
        else if (nl_contains(s, len, "令第") || nl_contains(s, len, "令（第") || nl_contains(s, len, "令〔"))
            order = 1;
    }
    if (npc) {
        *reason = "题注载明由全国人民代表大会或其常务委员会通过";
        return NL_DOCTYPE_LAW;
    }
    if (local) {
        *reason = "题注载明由地方人民代表大会或其常务委员会通过，属于地方性法规";
        return NL_DOCTYPE_LOCAL_REGULATION;
    }
    if (state_council) {
        *reason = "题注载明由国务院发布或批准，属于行政法规";
        return NL_DOCTYPE_ADMIN_REGULATION;
    }
    if (order) {
        *reason = "题注载明以“令”的形式发布，属于规章";
        return NL_DOCTYPE_RULE;
    }
    return NL_DOCTYPE_UNKNOWN;
}

void nl_doctype_infer(const nl_doc *doc, nl_meta *m, int order_header, const nl_meta *enclosing,
                      const nl_meta *enclosed)
{
    const char *t = doc->text;
    size_t a = m->title.start, b = m->title.end;
    int has_title = !nl_span_empty(m->title);
    size_t cb = has_title ? nl_title_core_end(t, a, b) : a;
    const char *s = t + a;
    size_t n = cb - a;

    if (enclosing && enclosing->docnum.is_order) {
        set(m, NL_DOCTYPE_RULE, "由政府令或部门令公布，属于规章");
        return;
    }
    if (order_header || m->docnum.is_order) {
        set(m, NL_DOCTYPE_RULE, "以“令”的形式公布，属于规章");
        return;
    }
    if (!has_title) {
        set(m, NL_DOCTYPE_UNKNOWN, "未识别到标题，无法判断文件类型");
        return;
    }
    const char *why = NULL;
    nl_doctype ht = history_type(doc, m, &why);
    if (ht != NL_DOCTYPE_UNKNOWN) {
        set(m, ht, why);
        return;
    }
    if (nl_has_prefix(s, n, "国务院关于") && (nl_has_suffix(s, n, "规定") || nl_has_suffix(s, n, "办法"))) {
        set(m, NL_DOCTYPE_ADMIN_REGULATION, "由国务院制定的规定、办法，按行政法规对待");
        return;
    }
    if (nl_has_prefix(s, n, "中华人民共和国") && (nl_has_suffix(s, n, "实施细则") || nl_has_suffix(s, n, "实施条例") ||
                                          (nl_has_suffix(s, n, "实施办法") && nl_contains(s, n, "法实施办法")))) {
        set(m, NL_DOCTYPE_ADMIN_REGULATION, "标题为“中华人民共和国××法实施细则（条例、办法）”，属于行政法规");
        return;
    }
    if (local_title(s, n) && nl_contains(s, n, "实施《") && nl_has_suffix(s, n, "办法")) {
        set(m, NL_DOCTYPE_LOCAL_REGULATION, "标题为地方名称加“实施《××法》办法”，属于地方性法规");
        return;
    }
    if (nl_contains(s, n, "最高人民法院") || nl_contains(s, n, "最高人民检察院") || nl_has_prefix(s, n, "人民检察院") ||
        nl_has_prefix(s, n, "人民法院")) {
        set(m, NL_DOCTYPE_JUDICIAL, "制定机关为最高人民法院或最高人民检察院");
        return;
    }
    if (nl_has_prefix(s, n, "中华人民共和国") &&
        ((nl_has_suffix(s, n, "法") && !nl_has_suffix(s, n, "办法")) || nl_contains(s, n, "修正案"))) {
        set(m, NL_DOCTYPE_LAW, "标题为“中华人民共和国××法”");
        return;
    }
    if (issuer_has(doc, m, a, cb, "全国人民代表大会")) {
        set(m, NL_DOCTYPE_LAW, "制定机关为全国人民代表大会或其常务委员会");
        return;
    }
    /* a 规 文号 is the unified number of normative documents: whatever the title says */
    if (!nl_span_empty(m->docnum.span) && !m->docnum.is_order &&
        nl_contains(t + m->docnum.agency.start, nl_span_len(m->docnum.agency), "规")) {
        set(m, NL_DOCTYPE_NORMATIVE, "文号含“规”字，为规范性文件统一编号");
        return;
    }
    if (nl_has_suffix(s, n, "条例")) {
        /* a county or district, a people's government or one of its
           departments (江州市水务局关于……的条例) makes no 条例: the title
           misnames a normative document (form.title-genre says so) */
        if (!nl_has_prefix(s, n, "中华人民共和国") && !nl_has_prefix(s, n, "国务院") &&
            (county_title(s, n - 6) || issuer_has(doc, m, a, cb, "人民政府") || history_says(doc, m, "人民政府") ||
             (nl_contains(s, n, "关于") && !issuer_has(doc, m, a, cb, "人民代表大会")))) {
            guess(m, NL_DOCTYPE_NORMATIVE, "标题以“条例”结尾，但制定机关是县级、人民政府或者其部门，无权制定条例，按行政规范性文件对待");
            return;
        }
        if (!nl_has_prefix(s, n, "中华人民共和国") && !nl_has_prefix(s, n, "国务院") && local_title(s, n - 6)) {
            set(m, NL_DOCTYPE_LOCAL_REGULATION, "标题为地方名称加“条例”，属于地方性法规");
            return;
        }
        set(m, NL_DOCTYPE_ADMIN_REGULATION, "标题以“条例”结尾且未冠地方名称，属于行政法规");
        return;
    }
    if (issuer_has(doc, m, a, cb, "人民代表大会")) {
        set(m, NL_DOCTYPE_LOCAL_REGULATION, "制定机关为地方人民代表大会或其常务委员会");
        return;
    }
    if (enclosed && (enclosed->type == NL_DOCTYPE_NORMATIVE || enclosed->type == NL_DOCTYPE_RULE)) {
        set(m, enclosed->type, enclosed->type == NL_DOCTYPE_RULE ? "印发的文件属于规章"
                                                                 : "印发规范性文件的通知，随文印发的文件为行政规范性文件");
        m->type_guessed = enclosed->type_guessed;
        return;
    }
    for (size_t i = 0; i < sizeof genres / sizeof genres[0]; i++) {
        if (!nl_has_suffix(s, n, genres[i].suffix))
            continue;
        if (genres[i].type == NL_DOCTYPE_NORMATIVE && !nl_span_empty(m->docnum.span) &&
            nl_contains(t + m->docnum.agency.start, nl_span_len(m->docnum.agency), "规")) {
            set(m, NL_DOCTYPE_NORMATIVE, "文号含“规”字，为规范性文件统一编号");
            return;
        }
        if (genres[i].type == NL_DOCTYPE_NORMATIVE && !nl_span_empty(m->docnum.span) &&
            nl_contains(t + m->docnum.agency.start, nl_span_len(m->docnum.agency), "电")) {
            set(m, NL_DOCTYPE_OTHER, "文号为电报编号（明电），属于工作部署类公文");
            return;
        }
        if (strcmp(genres[i].suffix, "通知") == 0 && m->effective_kind == NL_EFFECTIVE_NONE &&
            nl_span_empty(m->validity_clause)) {
            guess(m, NL_DOCTYPE_OTHER, "标题文种为“通知”，无施行日期和有效期条款，文号也不是规范性文件编号，按一般工作通知处理");
            return;
        }
        guess(m, genres[i].type, genres[i].reason);
        return;
    }
    set(m, NL_DOCTYPE_UNKNOWN, "标题文种未能识别");
}
