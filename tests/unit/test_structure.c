/*
 * test_structure.c — the structure recogniser: both drafting styles, header
 * and signature, wrapper notices and 令, document types, numbering anomalies,
 * 施行/有效期 clauses, and hostile inputs (empty, title only, 10,000
 * articles, a 5 MB line, mixed numbering).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normlint/normlint.h"

static nl_doc *parse(const char *s)
{
    nl_doc *doc = NULL;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&doc, "t.txt", s, strlen(s), &err), NL_OK);
    return doc;
}

/* The text of a span as a NUL-terminated static buffer (tests only). */
static const char *txt(const nl_doc *d, nl_span s)
{
    static char buf[4][512];
    static int k;
    char *b = buf[k++ & 3];
    size_t n = nl_span_len(s);
    if (n > 511)
        n = 511;
    memcpy(b, nl_doc_text(d) + s.start, n);
    b[n] = '\0';
    return b;
}

/* The n-th node of `kind` in document order (0-based), or NULL. */
static const nl_node *nth(const nl_doc *d, nl_node_kind kind, int n)
{
    for (const nl_node *x = nl_doc_root(d); x; x = nl_node_next_preorder(x))
        if (x->kind == kind && n-- == 0)
            return x;
    return NULL;
}

static int count(const nl_doc *d, nl_node_kind kind)
{
    int c = 0;
    for (const nl_node *x = nl_doc_root(d); x; x = nl_node_next_preorder(x))
        c += x->kind == kind;
    return c;
}

static const char *const measures =
    "江州府规〔2024〕3号\n"
    "江州市城市停车\n"
    "管理办法\n"
    "各区人民政府，市政府各部门：\n"
    "第一章　总则\n"
    "第一条　为了规范停车管理，根据有关规定，制定本办法。\n"
    "第二条　本办法适用于本市行政区域。\n"
    "第二章　管理\n"
    "第一节　一般规定\n"
    "第三条　停车场经营者应当遵守下列规定：\n"
    "（一）公示收费标准；\n"
    "（二）建立管理制度：\n"
    "1.值班制度；\n"
    "2.巡查制度。\n"
    "经营者违反前款规定的，由主管部门责令改正。\n"
    "第二节　特别规定\n"
    "第四条　特殊车辆优先停放。\n"
    "第三章　附则\n"
    "第五条　本办法自2024年5月1日起施行，有效期5年。\n"
    "江州市人民政府\n"
    "2024年3月15日\n"
    "（此件公开发布）\n";

/* A 主送机关 names addressees; a report's or a speech's first paragraph,
   however short, does not: it opens with its purpose, greets, or announces
   what follows */
static void test_recipient_or_body(void **state)
{
    (void)state;
    static const struct {
        const char *text, *recipient;
    } cases[] = {
        {"江州市民政局关于2024年养老服务工作情况的报告\n市人民政府：\n今年以来，我局扎实推进养老服务。\n", "市人民政府："},
        {"江州市民政局关于2024年养老服务工作情况的报告\n根据市政府工作安排，现将今年养老服务工作情况报告如下：\n一、主要工作\n",
         ""},
        {"在全市安全生产工作会议上的讲话\n同志们：\n今天召开全市安全生产工作会议。\n", ""},
        {"最高人民法院关于审理某类案件适用法律若干问题的解释\n为正确审理某类案件，根据有关法律规定，结合审判实践，制定本解释：\n"
         "第一条　本解释适用于某类案件。\n",
         ""},
        {"江州市人民政府关于某事项的通知\n各县（市、区）人民政府，市政府各部门，\n各直属机构：\n现就有关事项通知如下。\n",
         "各县（市、区）人民政府，市政府各部门，\n各直属机构："},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nl_doc *d = parse(cases[i].text);
        assert_string_equal(txt(d, nl_doc_meta(d)->recipient), cases[i].recipient);
        nl_doc_free(d);
    }
}

static void test_articles_tree(void **state)
{
    (void)state;
    nl_doc *d = parse(measures);
    const nl_meta *m = nl_doc_meta(d);
    assert_string_equal(txt(d, m->title), "江州市城市停车\n管理办法");
    assert_string_equal(txt(d, m->docnum.span), "江州府规〔2024〕3号");
    assert_string_equal(txt(d, m->docnum.agency), "江州府规");
    assert_int_equal(m->docnum.year, 2024);
    assert_int_equal(m->docnum.serial, 3);
    assert_int_equal(m->docnum.open, 0x3014);
    assert_int_equal(m->docnum.close, 0x3015);
    assert_int_equal(m->docnum.is_order, 0);
    assert_string_equal(txt(d, m->recipient), "各区人民政府，市政府各部门：");
    assert_int_equal(m->style, NL_STYLE_ARTICLES);
    assert_int_equal(m->type, NL_DOCTYPE_NORMATIVE);
    assert_string_equal(m->type_reason, "文号含“规”字，为规范性文件统一编号");
    assert_int_equal(count(d, NL_NODE_CHAPTER), 3);
    assert_int_equal(count(d, NL_NODE_SECTION), 2);
    assert_int_equal(count(d, NL_NODE_ARTICLE), 5);
    assert_int_equal(count(d, NL_NODE_ITEM), 2);
    assert_int_equal(count(d, NL_NODE_SUBITEM), 2);

    const nl_node *ch2 = nth(d, NL_NODE_CHAPTER, 1);
    assert_string_equal(txt(d, ch2->label), "第二章");
    assert_string_equal(txt(d, ch2->heading), "管理");
    assert_int_equal(ch2->number, 2);
    assert_int_equal(ch2->form, NL_NUM_CHINESE);
    assert_int_equal(nth(d, NL_NODE_CHAPTER, 2)->flags, NL_NODEF_SUPPLEMENTARY);
    const nl_node *sec1 = nth(d, NL_NODE_SECTION, 0);
    assert_ptr_equal(sec1->parent, ch2);
    assert_string_equal(txt(d, sec1->heading), "一般规定");

    const nl_node *a3 = nth(d, NL_NODE_ARTICLE, 2);
    assert_int_equal(a3->number, 3);
    assert_ptr_equal(a3->parent, sec1);
    assert_int_equal(a3->flags, 0);
    /* two clauses: the opening sentence with its items, then 经营者违反… */
    const nl_node *c1 = a3->first_child, *c2 = c1->next;
    assert_int_equal(c1->kind, NL_NODE_CLAUSE);
    assert_int_equal(c1->number, 1);
    assert_string_equal(txt(d, c1->span), "停车场经营者应当遵守下列规定：\n（一）公示收费标准；\n（二）建立管理制度：\n1.值班制度；\n2.巡查制度。");
    assert_int_equal(c2->number, 2);
    assert_null(c2->next);
    const nl_node *item2 = nth(d, NL_NODE_ITEM, 1);
    assert_ptr_equal(item2->parent, c1);
    assert_string_equal(txt(d, item2->label), "（二）");
    assert_int_equal(item2->first_child->kind, NL_NODE_SUBITEM);
    assert_int_equal(item2->first_child->number, 1);
    assert_int_equal(item2->last_child->number, 2);
    assert_int_equal(item2->first_line, 11);
    assert_int_equal(item2->last_line, 13);

    /* signature, dates, validity */
    assert_non_null(m->signature);
    assert_string_equal(txt(d, m->signature->first_child->span), "江州市人民政府");
    assert_int_equal(m->signature->last_child->kind, NL_NODE_DATE);
    assert_int_equal(m->signed_date.date.year, 2024);
    assert_int_equal(m->signed_date.date.month, 3);
    assert_int_equal(m->signed_date.date.day, 15);
    assert_int_equal(m->effective_kind, NL_EFFECTIVE_DATE);
    assert_string_equal(txt(d, m->effective.span), "2024年5月1日");
    assert_string_equal(txt(d, m->effective_clause), "本办法自2024年5月1日起施行，有效期5年");
    assert_int_equal(m->valid_years, 5);
    assert_int_equal(nl_doc_root(d)->last_child->kind, NL_NODE_NOTE);
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 5);
    assert_true(nb.continuous);
    nl_doc_free(d);
}

/* a trial document takes effect 自……起试行 like any other */
static void test_effective_trial(void **state)
{
    (void)state;
    nl_doc *d = parse("江州市某某管理办法（试行）\n"
                      "第一条　为了规范管理，制定本办法。\n"
                      "第二条　本办法自2025年7月1日起试行。\n");
    const nl_meta *m = nl_doc_meta(d);
    assert_int_equal(m->effective_kind, NL_EFFECTIVE_DATE);
    assert_string_equal(txt(d, m->effective.span), "2025年7月1日");
    assert_string_equal(txt(d, m->effective_clause), "本办法自2025年7月1日起试行");
    nl_doc_free(d);
}

static void test_malformed_numbering(void **state)
{
    (void)state;
    nl_doc *d = parse("某某办法\n"
                      "第一章　总则\n"
                      "第一条　甲。\n"
                      "第二条　乙。\n"
                      "第3条　丙。\n"
                      "第五条　丁。\n"
                      "第五条　戊。\n"
                      "第三章　附则\n"
                      "第六条　己。\n");
    const nl_node *a3 = nth(d, NL_NODE_ARTICLE, 2);
    assert_int_equal(a3->number, 3);
    assert_int_equal(a3->form, NL_NUM_ARABIC);
    assert_int_equal(a3->flags, NL_NODEF_ODD_FORM);
    assert_int_equal(nth(d, NL_NODE_ARTICLE, 3)->flags, NL_NODEF_OUT_OF_SEQUENCE);
    assert_int_equal(nth(d, NL_NODE_ARTICLE, 4)->flags, NL_NODEF_DUPLICATE);
    /* 第六条 follows 第五条: in sequence again */
    assert_int_equal(nth(d, NL_NODE_ARTICLE, 5)->flags, 0);
    assert_int_equal(nth(d, NL_NODE_CHAPTER, 1)->flags, NL_NODEF_OUT_OF_SEQUENCE | NL_NODEF_SUPPLEMENTARY);
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 6);
    assert_false(nb.continuous);
    assert_ptr_equal(nb.first_bad, nth(d, NL_NODE_ARTICLE, 3));
    assert_ptr_equal(nb.before_bad, a3);
    nl_doc_free(d);
}

static void test_starts_late(void **state)
{
    (void)state;
    nl_doc *d = parse("第二条　甲。\n第三条　乙。\n");
    assert_null(nth(d, NL_NODE_TITLE, 0));
    assert_int_equal(nth(d, NL_NODE_ARTICLE, 0)->flags, NL_NODEF_OUT_OF_SEQUENCE);
    assert_int_equal(nl_doc_meta(d)->type, NL_DOCTYPE_UNKNOWN);
    nl_doc_free(d);
}

static const char *const opinion =
    "江州市人民政府关于促进民营经济发展的意见\n"
    "江府发〔2024〕12号\n"
    "各区人民政府：\n"
    "为促进民营经济健康发展，现提出如下意见：\n"
    "一、总体要求\n"
    "（一）指导思想。坚持公平竞争。\n"
    "（二）基本原则。\n"
    "1.依法行政。各部门依法履职。\n"
    "2.公平公正。\n"
    "（1）平等对待各类市场主体。\n"
    "二、保障措施\n"
    "各部门要抓好落实。\n"
    "本意见自印发之日起施行。\n"
    "江州市人民政府\n"
    "2024年6月1日\n";

static void test_outline(void **state)
{
    (void)state;
    nl_doc *d = parse(opinion);
    const nl_meta *m = nl_doc_meta(d);
    assert_int_equal(m->style, NL_STYLE_OUTLINE);
    assert_int_equal(m->type, NL_DOCTYPE_NORMATIVE);
    assert_string_equal(m->type_reason, "标题文种为“意见”，由行政机关制发");
    assert_int_equal(m->effective_kind, NL_EFFECTIVE_ON_ISSUE);
    assert_int_equal(count(d, NL_NODE_HEADING), 7);
    const nl_node *h1 = nth(d, NL_NODE_HEADING, 0);
    assert_int_equal(h1->level, 1);
    assert_string_equal(txt(d, h1->heading), "总体要求");
    const nl_node *h2 = nth(d, NL_NODE_HEADING, 1);
    assert_int_equal(h2->level, 2);
    assert_ptr_equal(h2->parent, h1);
    assert_string_equal(txt(d, h2->heading), "指导思想");
    assert_int_equal(h2->flags, NL_NODEF_INLINE_HEADING);
    assert_int_equal(nth(d, NL_NODE_HEADING, 2)->flags, 0);
    const nl_node *h3 = nth(d, NL_NODE_HEADING, 3);
    assert_int_equal(h3->level, 3);
    assert_int_equal(h3->number, 1);
    assert_ptr_equal(h3->parent, nth(d, NL_NODE_HEADING, 2));
    const nl_node *h4 = nth(d, NL_NODE_HEADING, 5);
    assert_int_equal(h4->level, 4);
    assert_ptr_equal(h4->parent, nth(d, NL_NODE_HEADING, 4));
    const nl_node *h5 = nth(d, NL_NODE_HEADING, 6);
    assert_int_equal(h5->level, 1);
    assert_int_equal(h5->number, 2);
    assert_int_equal(h5->flags, 0);
    /* the opening paragraph sits before the first heading */
    const nl_node *p0 = nth(d, NL_NODE_PARAGRAPH, 0);
    assert_ptr_equal(p0->parent, nl_doc_root(d));
    assert_string_equal(txt(d, p0->span), "为促进民营经济健康发展，现提出如下意见：");
    char buf[128];
    const char *t = nl_doc_text(d);
    nl_doc_address(d, (size_t)(strstr(t, "平等对待") - t), buf, sizeof buf);
    assert_string_equal(buf, "一、（二）2.（1）");
    nl_doc_address(d, (size_t)(strstr(t, "抓好落实") - t), buf, sizeof buf);
    assert_string_equal(buf, "二、第1段");
    nl_doc_free(d);
}

static const char *const wrapper =
    "江州市人民政府办公室关于印发《江州市扬尘污染防治管理办法》的通知\n"
    "江府办规〔2023〕7号\n"
    "各区人民政府，市政府有关部门：\n"
    "《江州市扬尘污染防治管理办法》已经市政府同意，现印发给你们，请认真贯彻执行。\n"
    "江州市人民政府办公室\n"
    "2023年9月1日\n"
    "（此件公开发布）\n"
    "江州市扬尘污染防治管理办法\n"
    "第一条　为了防治扬尘污染，制定本办法。\n"
    "第二条　本办法自2023年10月1日起施行，有效期至2028年9月30日。\n";

static void test_wrapper(void **state)
{
    (void)state;
    nl_doc *d = parse(wrapper);
    const nl_meta *m = nl_doc_meta(d);
    assert_int_equal(m->style, NL_STYLE_NONE);
    assert_int_equal(m->type, NL_DOCTYPE_NORMATIVE);
    assert_int_equal(m->signed_date.date.day, 1);
    assert_int_equal(m->effective_kind, NL_EFFECTIVE_NONE);
    const nl_node *enc = nth(d, NL_NODE_ENCLOSED, 0);
    assert_non_null(enc);
    assert_ptr_equal(enc->parent, nl_doc_root(d));
    const nl_meta *em = nl_doc_node_meta(d, enc);
    assert_non_null(em);
    assert_string_equal(txt(d, em->title), "江州市扬尘污染防治管理办法");
    assert_int_equal(em->style, NL_STYLE_ARTICLES);
    assert_int_equal(em->type, NL_DOCTYPE_NORMATIVE);
    assert_int_equal(em->effective_kind, NL_EFFECTIVE_DATE);
    assert_int_equal(em->effective.date.month, 10);
    assert_int_equal(em->valid_until.date.year, 2028);
    assert_int_equal(em->valid_until.date.month, 9);
    assert_int_equal(em->valid_until.date.day, 30);
    assert_int_equal(count(d, NL_NODE_ARTICLE), 2);
    assert_ptr_equal(nth(d, NL_NODE_ARTICLE, 0)->parent, enc);
    assert_null(nl_doc_node_meta(d, nth(d, NL_NODE_ARTICLE, 0)));
    char buf[128];
    const char *t = nl_doc_text(d);
    nl_doc_address(d, (size_t)(strstr(t, "防治扬尘") - t), buf, sizeof buf);
    assert_string_equal(buf, "《江州市扬尘污染防治管理办法》第一条");
    nl_doc_address(d, (size_t)(strstr(t, "现印发") - t), buf, sizeof buf);
    assert_string_equal(buf, "第1段");
    nl_doc_free(d);
}

static void test_order(void **state)
{
    (void)state;
    nl_doc *d = parse("江州市人民政府令\n"
                      "第12号\n"
                      "《江州市养犬管理办法》已经2024年4月2日市人民政府第30次常务会议通过，现予公布，自2024年6月1日起施行。\n"
                      "市长　王某某\n"
                      "2024年4月10日\n"
                      "江州市养犬管理办法\n"
                      "第一章　总则\n"
                      "第一条　为了规范养犬行为，制定本办法。\n");
    const nl_meta *m = nl_doc_meta(d);
    assert_int_equal(m->type, NL_DOCTYPE_RULE);
    assert_int_equal(m->docnum.is_order, 1);
    assert_int_equal(m->docnum.serial, 12);
    assert_int_equal(m->effective_kind, NL_EFFECTIVE_DATE);
    assert_int_equal(m->effective.date.month, 6);
    const nl_node *enc = nth(d, NL_NODE_ENCLOSED, 0);
    assert_non_null(enc);
    const nl_meta *em = nl_doc_node_meta(d, enc);
    assert_int_equal(em->type, NL_DOCTYPE_RULE);
    assert_int_equal(em->published.date.day, 10);
    assert_string_equal(txt(d, nth(d, NL_NODE_ISSUER, 0)->span), "市长　王某某");
    nl_doc_free(d);
}

static void check_type(const char *text, nl_doctype want, const char *reason)
{
    nl_doc *d = parse(text);
    assert_int_equal(nl_doc_meta(d)->type, want);
    if (reason)
        assert_string_equal(nl_doc_meta(d)->type_reason, reason);
    nl_doc_free(d);
}

static void test_doctypes(void **state)
{
    (void)state;
    check_type("中华人民共和国档案法\n第一条　甲。\n", NL_DOCTYPE_LAW, "标题为“中华人民共和国××法”");
    check_type("中华人民共和国刑法修正案（十）\n一、甲。\n", NL_DOCTYPE_LAW, NULL);
    check_type("江州市旅游条例\n第一条　甲。\n", NL_DOCTYPE_LOCAL_REGULATION, NULL);
    check_type("城市道路管理条例\n第一条　甲。\n", NL_DOCTYPE_ADMIN_REGULATION, NULL);
    check_type("中华人民共和国船员条例\n第一条　甲。\n", NL_DOCTYPE_ADMIN_REGULATION, NULL);
    check_type("最高人民法院关于审理行政协议案件若干问题的规定\n第一条　甲。\n", NL_DOCTYPE_JUDICIAL, NULL);
    check_type("江州市人民政府关于同意设立某某开发区的批复\n某区人民政府：\n你区请示收悉。\n", NL_DOCTYPE_OTHER,
               "文种为“批复”，属于一般公文");
    check_type("处方药与非处方药分类管理办法（试行）\n第一条　甲。\n", NL_DOCTYPE_NORMATIVE, NULL);
    check_type("北京市人民代表大会常务委员会关于加强预算审查监督的决定\n一、甲。\n", NL_DOCTYPE_LOCAL_REGULATION,
               NULL);
    check_type("江州市会议\n甲。\n", NL_DOCTYPE_UNKNOWN, "标题文种未能识别");
    /* published texts: the 题注 under the title says who enacted it */
    check_type("杭州市大气污染防治规定\n\n2016年6月24日 杭州市第十二届人民代表大会常务委员会第三十八次会议通过\n"
               "第一条　甲。\n",
               NL_DOCTYPE_LOCAL_REGULATION, "题注载明由地方人民代表大会或其常务委员会通过，属于地方性法规");
    check_type("公安机关办理行政案件程序规定\n２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布\n第一条　甲。\n",
               NL_DOCTYPE_RULE, "题注载明以“令”的形式发布，属于规章");
    check_type("中华人民共和国渔业法实施细则\n1987年10月14日 国务院批准\n第一条　甲。\n", NL_DOCTYPE_ADMIN_REGULATION,
               "题注载明由国务院发布或批准，属于行政法规");
    check_type("某某管理办法（2025）\n发文机关：某某局\n文 号：某某局令\n第一条　甲。\n", NL_DOCTYPE_RULE, NULL);
    check_type("中华人民共和国传染病防治法实施办法\n第一条　甲。\n", NL_DOCTYPE_ADMIN_REGULATION, NULL);
    check_type("上海市实施《中华人民共和国食品安全法》办法\n第一条　甲。\n", NL_DOCTYPE_LOCAL_REGULATION, NULL);
    check_type("国务院关于规范中介机构提供服务的规定\n第一条　甲。\n", NL_DOCTYPE_ADMIN_REGULATION, NULL);
    check_type("人民检察院民事诉讼监督规则（试行）\n第一条　甲。\n", NL_DOCTYPE_JUDICIAL, NULL);
    /* notices: work notices are not normative unless they say when they take effect */
    check_type("江州市人民政府关于做好防汛工作的通知\n江州府办明电〔2024〕3号\n一、甲。\n", NL_DOCTYPE_OTHER,
               "文号为电报编号（明电），属于工作部署类公文");
    check_type("江州市人民政府关于做好防汛工作的通知\n江州府发〔2024〕3号\n一、甲。\n", NL_DOCTYPE_OTHER,
               "标题文种为“通知”，无施行日期和有效期条款，文号也不是规范性文件编号，按一般工作通知处理");
    check_type("江州市人民政府关于规范停车收费的通知\n江州府发〔2024〕3号\n一、甲。\n二、本通知自2024年1月1日起施行。\n",
               NL_DOCTYPE_NORMATIVE, NULL);
    check_type("江州市人民政府关于规范停车收费的通知\n江州府规〔2024〕3号\n一、甲。\n", NL_DOCTYPE_NORMATIVE,
               "文号含“规”字，为规范性文件统一编号");
}

static void check_docnum(const char *line, int ok, const char *agency, int year, long serial, uint32_t open,
                         int order)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s\n某某办法\n第一条　甲。\n", line);
    nl_doc *d = parse(buf);
    const nl_meta *m = nl_doc_meta(d);
    if (!ok) {
        assert_true(nl_span_empty(m->docnum.span));
        nl_doc_free(d);
        return;
    }
    assert_string_equal(txt(d, m->docnum.span), line);
    assert_string_equal(txt(d, m->docnum.agency), agency);
    assert_int_equal(m->docnum.year, year);
    assert_int_equal(m->docnum.serial, serial);
    assert_int_equal(m->docnum.open, open);
    assert_int_equal(m->docnum.is_order, order);
    nl_doc_free(d);
}

static void test_docnum_forms(void **state)
{
    (void)state;
    check_docnum("江环规〔2024〕7号", 1, "江环规", 2024, 7, 0x3014, 0);
    check_docnum("江环规[2024]7号", 1, "江环规", 2024, 7, '[', 0);
    check_docnum("江环规（2024）7号", 1, "江环规", 2024, 7, 0xFF08, 0);
    check_docnum("江环规【2024】17号", 1, "江环规", 2024, 17, 0x3010, 0);
    check_docnum("国务院令第768号", 1, "国务院令", 0, 768, 0, 1);
    check_docnum("中国人民银行令〔2021〕第3号", 1, "中国人民银行令〔2021〕", 2021, 3, 0, 1);
    /* a stray 第 in an ordinary 文号 is a malformed number, not an order */
    check_docnum("江府办发〔2024〕第3号", 1, "江府办发", 2024, 3, 0x3014, 0);
    /* the same in round brackets, half- or full-width */
    check_docnum("康民字(2025)第08号", 1, "康民字", 2025, 8, '(', 0);
    check_docnum("康民字（2025）第8号", 1, "康民字", 2025, 8, 0xFF08, 0);
    /* malformed numbers are read so that form rules can name the defect: a
       two-digit year, a missing agency code (only with a full year) */
    check_docnum("江环规〔24〕7号", 1, "江环规", 2024, 7, 0x3014, 0);
    check_docnum("〔2024〕7号", 1, "", 2024, 7, 0x3014, 0);
    check_docnum("〔24〕7号", 0, "", 0, 0, 0, 0);
    check_docnum("江环规﹝2024﹞7号", 1, "江环规", 2024, 7, 0xFE5D, 0);
    check_docnum("江环规〔二〇二四〕7号", 1, "江环规", 2024, 7, 0x3014, 0);
    check_docnum("江环规2024年7号", 1, "江环规", 2024, 7, 0, 0);
    check_docnum("江环规〔2024〕7", 1, "江环规", 2024, 7, 0x3014, 0);
    check_docnum("江环规〔2024〕号", 1, "江环规", 2024, 0, 0x3014, 0); /* the serial left out */
    check_docnum("通知号", 0, "", 0, 0, 0, 0);
    check_docnum("2024年7号", 0, "", 0, 0, 0, 0);
    check_docnum("这是一句话，不是文号7号", 0, "", 0, 0, 0, 0);
}

static void test_annex(void **state)
{
    (void)state;
    nl_doc *d = parse("江州市关于开展检查的通知\n"
                      "各单位：\n"
                      "现将有关事项通知如下。\n"
                      "附件：1.检查清单\n"
                      "2.联系表\n"
                      "江州市市场监督管理局\n"
                      "2024年1月5日\n"
                      "附件1\n"
                      "检查清单\n"
                      "一、食品安全\n"
                      "附件2\n"
                      "联系表\n");
    const nl_node *list = nth(d, NL_NODE_ANNEX, 0);
    assert_int_equal(list->flags, NL_NODEF_LIST);
    assert_int_equal(list->first_line, 3);
    assert_int_equal(list->last_line, 4);
    const nl_node *a1 = nth(d, NL_NODE_ANNEX, 1);
    assert_int_equal(a1->number, 1);
    assert_int_equal(a1->flags, 0);
    assert_string_equal(txt(d, a1->heading), "检查清单");
    assert_int_equal(a1->last_line, 9);
    const nl_node *a2 = nth(d, NL_NODE_ANNEX, 2);
    assert_int_equal(a2->number, 2);
    assert_string_equal(txt(d, a2->heading), "联系表");
    assert_int_equal(nl_doc_meta(d)->signed_date.date.day, 5);
    char buf[64];
    const char *t = nl_doc_text(d);
    nl_doc_address(d, (size_t)(strstr(t, "食品安全") - t), buf, sizeof buf);
    assert_string_equal(buf, "附件1第1段");
    nl_doc_free(d);
}

static void test_validity_forms(void **state)
{
    (void)state;
    nl_doc *d = parse("某某暂行办法\n第一条　许可证有效期为3年。\n第二条　本办法自2024年1月1日起施行，有效期为两年。\n");
    const nl_meta *m = nl_doc_meta(d);
    assert_true(m->trial);
    /* the licence's 有效期 in 第一条 is not the document's */
    assert_int_equal(m->valid_years, 2);
    assert_string_equal(txt(d, m->validity_clause), "本办法自2024年1月1日起施行，有效期为两年");
    nl_doc_free(d);
    d = parse("某某办法\n第一条　甲。\n");
    assert_true(nl_span_empty(nl_doc_meta(d)->validity_clause));
    assert_int_equal(nl_doc_meta(d)->effective_kind, NL_EFFECTIVE_NONE);
    nl_doc_free(d);
    /* an end date after the effective date is the validity period */
    d = parse("某某实施细则\n第一条　甲。\n第二条　本细则自2025年4月1日起施行，至2025年12月31日止。\n");
    m = nl_doc_meta(d);
    assert_int_equal(m->valid_until.date.year, 2025);
    assert_int_equal(m->valid_until.date.month, 12);
    assert_int_equal(m->valid_until.date.day, 31);
    assert_string_equal(txt(d, m->validity_clause), "本细则自2025年4月1日起施行，至2025年12月31日止");
    nl_doc_free(d);
    /* a date that ends something else is not */
    d = parse("某某实施细则\n第一条　本细则自2025年4月1日起施行，申报至2025年12月31日。\n");
    assert_true(nl_span_empty(nl_doc_meta(d)->validity_clause));
    nl_doc_free(d);
}

static void test_title_only(void **state)
{
    (void)state;
    nl_doc *d = parse("江州市某某管理办法\n");
    assert_string_equal(txt(d, nl_doc_meta(d)->title), "江州市某某管理办法");
    assert_int_equal(nl_doc_meta(d)->style, NL_STYLE_NONE);
    assert_int_equal(count(d, NL_NODE_TITLE), 1);
    assert_int_equal(count(d, NL_NODE_ARTICLE), 0);
    nl_doc_free(d);
}

static void test_ten_thousand_articles(void **state)
{
    (void)state;
    size_t cap = 10000 * 80, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "某某办法\n");
    for (long i = 1; i <= 10000; i++) {
        char num[64];
        nl_cnum_format(i, num, sizeof num);
        len += (size_t)snprintf(s + len, cap - len, "第%s条　内容%ld。\n", num, i);
    }
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&d, "big.txt", s, len, &err), NL_OK);
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 10000);
    assert_true(nb.continuous);
    assert_int_equal(nth(d, NL_NODE_ARTICLE, 9999)->number, 10000);
    char buf[64];
    nl_doc_address(d, nth(d, NL_NODE_ARTICLE, 9998)->span.end - 1, buf, sizeof buf);
    assert_string_equal(buf, "第九千九百九十九条");
    nl_doc_free(d);
    free(s);
}

static void test_huge_line(void **state)
{
    (void)state;
    size_t n = 5 * 1024 * 1024;
    char *s = malloc(n + 32);
    assert_non_null(s);
    memcpy(s, "第一条　", 12);
    for (size_t i = 12; i + 3 <= n; i += 3)
        memcpy(s + i, "测", 3);
    size_t len = 12 + (n - 12) / 3 * 3;
    nl_doc *d = NULL;
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&d, "line.txt", s, len, &err), NL_OK);
    assert_int_equal(count(d, NL_NODE_ARTICLE), 1);
    assert_int_equal(nl_doc_line_count(d), 1);
    nl_pos p = nl_doc_position(d, len);
    assert_int_equal(p.column, 4 + (len - 12) / 3 + 1);
    nl_doc_free(d);
    free(s);
}

static void test_mixed_numbering(void **state)
{
    (void)state;
    /* items in several forms inside an article, outline labels inside articles */
    nl_doc *d = parse("某某规定\n"
                      "第一条　下列行为禁止：\n"
                      "一、甲；\n"
                      "(二)乙；\n"
                      "（３）丙。\n"
                      "第２条　全角数字。\n");
    const nl_node *i1 = nth(d, NL_NODE_ITEM, 0);
    assert_int_equal(i1->flags, NL_NODEF_ODD_FORM);
    const nl_node *i2 = nth(d, NL_NODE_ITEM, 1);
    assert_int_equal(i2->number, 2);
    assert_int_equal(i2->flags, NL_NODEF_ODD_FORM);
    const nl_node *s3 = nth(d, NL_NODE_SUBITEM, 0);
    assert_int_equal(s3->number, 3);
    assert_int_equal(s3->form, NL_NUM_FULLWIDTH);
    const nl_node *a2 = nth(d, NL_NODE_ARTICLE, 1);
    assert_int_equal(a2->number, 2);
    assert_int_equal(a2->form, NL_NUM_FULLWIDTH);
    assert_int_equal(a2->flags, NL_NODEF_ODD_FORM);
    nl_doc_free(d);
}

static void test_history_notes(void **state)
{
    (void)state;
    nl_doc *d = parse("江州市旅游条例\n"
                      "\n"
                      "2003年12月31日 江州市人民代表大会常务委员会第九次会议通过\n"
                      "\n"
                      "第一章  总则\n"
                      "\n"
                      "第一条 为了促进旅游业发展，制定本条例。\n");
    assert_int_equal(count(d, NL_NODE_NOTE), 1);
    assert_int_equal(count(d, NL_NODE_ARTICLE), 1);
    assert_null(nl_doc_meta(d)->signature);
    assert_string_equal(txt(d, nth(d, NL_NODE_CHAPTER, 0)->heading), "总则");
    nl_doc_free(d);
}

/* Text extracted from PDF: hard-wrapped paragraphs, page numbers glued to the
   next article, page-number lines, an article run into the previous line. */
static void test_pdf_extraction(void **state)
{
    (void)state;
    nl_doc *d = parse("某某管理办法\n"
                      "第一条　为了规范某某活动，根据有关法律，制定本\n"
                      "办法。\n"
                      "第二条　本办法适用于本市。\n"
                      "-2-\n"
                      "-2-第三条　经营者应当遵守下列规定：\n"
                      "（一）公示收费标准和服务\n"
                      "内容；\n"
                      "（二）建立台账。\n"
                      "前款规定的台账保存三年。     第四条　本办法自2024年1月1日起施行。\n"
                      "— 3 —第五条　第四条所称施行。第六条规定的除外。\n");
    assert_int_equal(count(d, NL_NODE_ARTICLE), 5);
    const nl_node *a1 = nth(d, NL_NODE_ARTICLE, 0);
    assert_int_equal(a1->first_line, 1);
    assert_int_equal(a1->last_line, 2);
    assert_int_equal(count(d, NL_NODE_ITEM), 2);
    const nl_node *it = nth(d, NL_NODE_ITEM, 0);
    assert_int_equal(it->first_line, 6);
    assert_int_equal(it->last_line, 7);
    const nl_node *a3 = nth(d, NL_NODE_ARTICLE, 2);
    assert_int_equal(a3->number, 3);
    assert_true(a3->flags & NL_NODEF_PAGE_NUMBER);
    assert_false(a3->flags & NL_NODEF_OUT_OF_SEQUENCE);
    assert_string_equal(txt(d, a3->label), "第三条");
    /* 第三条 has two clauses: the list and the 前款 clause that ends before 第四条 */
    assert_int_equal(count(d, NL_NODE_CLAUSE), 6);
    const nl_node *a4 = nth(d, NL_NODE_ARTICLE, 3);
    assert_int_equal(a4->number, 4);
    assert_true(a4->flags & NL_NODEF_JOINED);
    assert_int_equal(a4->first_line, 9);
    assert_string_equal(txt(d, a4->span), "第四条　本办法自2024年1月1日起施行。");
    const nl_node *c2 = a3->first_child->next;
    assert_string_equal(txt(d, c2->span), "前款规定的台账保存三年。");
    /* 第六条 inside 第五条 is a reference, not the next article (no space after 条) */
    const nl_node *a5 = nth(d, NL_NODE_ARTICLE, 4);
    assert_int_equal(a5->number, 5);
    assert_null(a5->next);
    nl_numbering nb = nl_doc_numbering(d);
    assert_int_equal(nb.articles, 5);
    assert_true(nb.continuous);
    nl_doc_free(d);
}

/* nl_doc_node_at() as it was before the node index: a scan of every child
 * at every level. The index must give the same node for every offset. */
static const nl_node *node_at_by_scan(const nl_doc *d, size_t offset)
{
    const nl_node *n = nl_doc_root(d);
    for (;;) {
        const nl_node *c, *hit = NULL;
        for (c = n->first_child; c; c = c->next)
            if (offset >= c->span.start && offset < c->span.end + (c->span.end == c->span.start))
                hit = c;
        if (!hit)
            for (c = n->first_child; c; c = c->next)
                if (offset == c->span.end)
                    hit = c;
        if (!hit)
            return n;
        n = hit;
    }
}

static void same_nodes(const nl_doc *d, size_t step)
{
    size_t len = strlen(nl_doc_text(d));
    for (size_t off = 0; off <= len + 1; off += step)
        assert_ptr_equal(nl_doc_node_at(d, off), node_at_by_scan(d, off));
}

static void test_node_at_index(void **state)
{
    (void)state;
    const char *const texts[] = {measures, opinion, wrapper};
    nl_doc *d;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        d = parse(texts[i]);
        same_nodes(d, 1);
        nl_doc_free(d);
    }

    /* 3,000 articles with items and clauses: the wide levels the index is for */
    size_t cap = 3000 * 200, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s, cap, "某某办法\n第一章　总则\n");
    for (long i = 1; i <= 3000; i++) {
        char num[64];
        nl_cnum_format(i, num, sizeof num);
        len += (size_t)snprintf(s + len, cap - len, "第%s条　内容%ld：\n（一）甲；\n（二）乙。\n第二款。\n\n", num, i);
    }
    len += (size_t)snprintf(s + len, cap - len, "江州市人民政府\n2024年3月15日\n");
    nl_error err;
    assert_int_equal(nl_doc_from_utf8(&d, "big.txt", s, len, &err), NL_OK);
    same_nodes(d, 7);
    nl_doc_free(d);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_articles_tree),       cmocka_unit_test(test_effective_trial),
        cmocka_unit_test(test_recipient_or_body),
        cmocka_unit_test(test_malformed_numbering),
        cmocka_unit_test(test_starts_late),         cmocka_unit_test(test_outline),
        cmocka_unit_test(test_wrapper),             cmocka_unit_test(test_order),
        cmocka_unit_test(test_doctypes),            cmocka_unit_test(test_docnum_forms),
        cmocka_unit_test(test_annex),               cmocka_unit_test(test_validity_forms),
        cmocka_unit_test(test_title_only),          cmocka_unit_test(test_ten_thousand_articles),
        cmocka_unit_test(test_huge_line),           cmocka_unit_test(test_mixed_numbering),
        cmocka_unit_test(test_history_notes),       cmocka_unit_test(test_pdf_extraction),
        cmocka_unit_test(test_node_at_index),
    };
    return cmocka_run_group_tests_name("structure", tests, NULL, NULL);
}
