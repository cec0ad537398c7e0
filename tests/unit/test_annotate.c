/*
 * test_annotate.c — annotated copies of fixture DOCX files: comment anchors on
 * the exact characters (runs split inside formatted runs, the properties kept
 * on both halves), ranges across runs and inside tracked insertions,
 * documents that already have comments (kept, ids unique), findings without
 * text of their own (anchored on the title paragraph, saying so), a second
 * run replacing the first one's comments, the relationship and content type
 * of word/comments.xml, and fixes written as tracked changes.
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
#include "docx_fixture.h"
#include "support/env.h"

static const char *const pack = "- id: t.fine\n"
                                "  kind: pattern\n"
                                "  severity: error\n"
                                "  title: 设定罚款\n"
                                "  message: 设定了罚款：“{match}”\n"
                                "  basis: [\"《中华人民共和国行政处罚法》第十六条\"]\n"
                                "  advice: 删除。\n"
                                "  scope: sentence\n"
                                "  pattern: '处[^。；，]{0,10}罚款'\n"
                                "  examples:\n"
                                "    bad: [\"处五百元罚款。\", \"并处一千元罚款。\"]\n"
                                "    good: [\"不得罚款。\", \"依法处理。\"]\n"
                                "- id: t.validity\n"
                                "  kind: require\n"
                                "  severity: warning\n"
                                "  title: 未规定有效期\n"
                                "  message: 文件没有规定有效期。\n"
                                "  basis: []\n"
                                "  advice: 写明有效期。\n"
                                "  scope: document\n"
                                "  pattern: 有效期\n"
                                "  examples:\n"
                                "    bad: [\"某某办法\\n第一条　甲。\", \"某某办法\\n第一条　乙。\"]\n"
                                "    good: [\"某某办法\\n第一条　有效期五年。\", \"某某办法\\n第一条　有效期三年。\"]\n"
                                "- id: t.label\n"
                                "  kind: pattern\n"
                                "  severity: info\n"
                                "  title: 大写序号\n"
                                "  message: 条的序号用了大写数字。\n"
                                "  basis: []\n"
                                "  advice: 改用小写汉字数字。\n"
                                "  scope: document\n"
                                "  pattern: '第[壹贰叁]条'\n"
                                "  examples:\n"
                                "    bad: [\"第壹条　甲。\", \"第贰条　乙。\"]\n"
                                "    good: [\"第一条　甲。\", \"第二条　乙。\"]\n";

typedef struct out {
    char *document, *comments, *rels, *types;
    nl_annotate_stats st;
    unsigned char *zip;
    size_t len;
} out;

static char *member(const unsigned char *zip, size_t len, const char *name)
{
    nl_zip *z = NULL;
    nl_error err;
    assert_int_equal(nl_zip_open(&z, "out.docx", zip, len, NULL, &err), NL_OK);
    char *s = NULL;
    size_t n = 0;
    if (nl_zip_has(z, name))
        assert_int_equal(nl_zip_read(z, name, &s, &n, &err), NL_OK);
    nl_zip_close(z);
    return s;
}

/* Annotate `in` (len bytes) with the test pack. */
static void annotate(const unsigned char *in, size_t len, int fix, out *o)
{
    nl_ruleset *rs = NULL;
    nl_matcher *m = NULL;
    nl_error err;
    assert_int_equal(nl_test_ruleset_new(&rs, &err), NL_OK);
    assert_int_equal(nl_ruleset_load_memory(rs, "p.yaml", pack, strlen(pack), &err), NL_OK);
    assert_int_equal(nl_matcher_new(&m, rs, &err), NL_OK);
    nl_annotate_opts ao = {NULL, "2026-11-29T10:00:00Z", fix};
    nl_result *res = NULL;
    memset(o, 0, sizeof *o);
    nl_status st = nl_annotate_docx(in, len, "in.docx", rs, m, NULL, NULL, &ao, &o->zip, &o->len, &res, &o->st, &err);
    if (st != NL_OK)
        fprintf(stderr, "annotate: %s\n", err.message);
    assert_int_equal(st, NL_OK);
    nl_result_free(res);
    nl_matcher_free(m);
    nl_ruleset_free(rs);
    o->document = member(o->zip, o->len, "word/document.xml");
    o->comments = member(o->zip, o->len, "word/comments.xml");
    o->rels = member(o->zip, o->len, "word/_rels/document.xml.rels");
    o->types = member(o->zip, o->len, "[Content_Types].xml");
}

static void out_free(out *o)
{
    free(o->document);
    free(o->comments);
    free(o->rels);
    free(o->types);
    free(o->zip);
}

/* assert that `hay` contains `needle`, printing both when not */
static void has(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle)) {
        fprintf(stderr, "--- expected to find\n%s\n--- in\n%s\n", needle, hay ? hay : "(null)");
        fail();
    }
}

static void annotate_body(const char *body, int fix, out *o)
{
    size_t len;
    unsigned char *z = make_docx(body, NULL, NULL, &len);
    annotate(z, len, fix, o);
    free(z);
}

#define B(x) "<w:r><w:rPr><w:b/></w:rPr><w:t>" x "</w:t></w:r>"
#define I(x) "<w:r><w:rPr><w:i/></w:rPr><w:t>" x "</w:t></w:r>"
#define START(id) "<w:commentRangeStart w:id=\"" id "\"/>"
#define END(id) "<w:commentRangeEnd w:id=\"" id "\"/><w:r><w:commentReference w:id=\"" id "\"/></w:r>"
#define PRE(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define IPRE(x) "<w:r><w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">" x "</w:t></w:r>"

static void test_anchor_exact(void **state)
{
    (void)state;
    out o;
    /* a range over a whole bold run and part of the next; one inside a
       single italic run (split in three, each keeping <w:i/>) */
    annotate_body(P(R("某某办法")) P(R("第一条　违反的，") B("处五百元") R("罚款，以及其他。"))
                      P(I("甲乙处一千元罚款丙") R("有效期五年。")),
                  0, &o);
    assert_int_equal(o.st.comments, 2);
    assert_int_equal(o.st.on_text, 2);
    has(o.document, "<w:p>" R("第一条　违反的，") START("0") B("处五百元") PRE("罚款") END("0")
                                           PRE("，以及其他。") "</w:p>");
    has(o.document, "<w:p>" IPRE("甲乙") START("1") IPRE("处一千元罚款") END("1") IPRE("丙")
                                           R("有效期五年。") "</w:p>");
    /* the comment: author, date, initials, severity, title, message, 依据, 建议 */
    has(o.comments, "<w:comment w:id=\"0\" w:author=\"normlint\" w:date=\"2026-11-29T10:00:00Z\" "
                                       "w:initials=\"NL\"><w:p><w:r><w:annotationRef/></w:r>"
                                       "<w:r><w:t xml:space=\"preserve\">【错误】设定罚款（normlint t.fine）</w:t></w:r></w:p>"
                                       "<w:p><w:r><w:t xml:space=\"preserve\">设定了罚款：“处五百元罚款”（第一条第一款）</w:t></w:r></w:p>"
                                       "<w:p><w:r><w:t xml:space=\"preserve\">依据：《中华人民共和国行政处罚法》第十六条</w:t></w:r></w:p>"
                                       "<w:p><w:r><w:t xml:space=\"preserve\">建议：删除。</w:t></w:r></w:p></w:comment>");
    /* comments.xml did not exist: its relationship and content type are added */
    has(o.rels, "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" "
                                   "Target=\"comments.xml\"");
    has(o.types, "<Override PartName=\"/word/comments.xml\" ContentType=\"application/"
                                    "vnd.openxmlformats-officedocument.wordprocessingml.comments+xml\"/>");
    /* the text Word shows is unchanged */
    nl_doc *a = NULL;
    nl_error err;
    assert_int_equal(nl_load_memory(&a, "out.docx", o.zip, o.len, NULL, &err), NL_OK);
    assert_string_equal(nl_doc_text(a), "某某办法\n第一条　违反的，处五百元罚款，以及其他。\n甲乙处一千元罚款丙有效期五年。");
    nl_doc_free(a);
    out_free(&o);
}

static void test_missing_clause_on_title(void **state)
{
    (void)state;
    out o;
    annotate_body(P(R("某某") R("办法")) P(R("第一条　甲乙。")), 0, &o);
    assert_int_equal(o.st.comments, 1);
    assert_int_equal(o.st.on_text, 0);
    has(o.document, "<w:p>" START("0") R("某某") R("办法") END("0") "</w:p>");
    has(o.comments, "（文件中没有相应的规定，此批注标在标题上。）");
    out_free(&o);
}

static void test_existing_comments_and_second_run(void **state)
{
    (void)state;
    comments_part = "<w:comment w:id=\"4\" w:author=\"法制科\" w:initials=\"FZ\"><w:p>" R("请核实") "</w:p></w:comment>";
    size_t len;
    unsigned char *z = make_docx(P(R("某某办法")) P(START("4") R("第一条　处五百元罚款。") END("4") R("有效期五年。")),
                                 NULL, NULL, &len);
    comments_part = NULL;
    out o;
    annotate(z, len, 0, &o);
    free(z);
    /* the advisor's comment stays; ours gets the next free id */
    has(o.comments, "w:author=\"法制科\"");
    has(o.comments, "<w:comment w:id=\"5\" w:author=\"normlint\"");
    has(o.document, START("4") PRE("第一条　") START("5") PRE("处五百元罚款") END("5") PRE("。") END("4"));
    /* a second run replaces its own comments and nothing else */
    out o2;
    annotate(o.zip, o.len, 0, &o2);
    assert_int_equal(o2.st.replaced, 1);
    assert_int_equal(o2.st.comments, 1);
    assert_null(strstr(o2.comments, "w:id=\"5\""));
    has(o2.comments, "<w:comment w:id=\"6\" w:author=\"normlint\"");
    has(o2.comments, "w:author=\"法制科\"");
    assert_null(strstr(o2.document, "w:id=\"5\""));
    has(o2.document, START("4") PRE("第一条　") START("6") PRE("处五百元罚款") END("6") PRE("。") END("4"));
    /* the relationship existed after the first run: not added twice */
    const char *rel = strstr(o2.rels, "relationships/comments");
    assert_non_null(rel);
    assert_null(strstr(rel + 1, "relationships/comments"));
    out_free(&o);
    out_free(&o2);
}

static void test_tracked_changes(void **state)
{
    (void)state;
    out o;
    /* the inserted text is what Word shows: it is annotated, the deleted
       penalty is not */
    annotate_body(P(R("某某办法")) P(R("第一条　甲。") "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>处一百元罚款</w:delText></w:r></w:del>"
                                     "<w:ins w:id=\"2\" w:author=\"x\">" R("违者处二百元罚款。") "</w:ins>" R("有效期五年。")),
                  0, &o);
    assert_int_equal(o.st.comments, 1);
    /* the marks sit at paragraph level: the w:ins is split around them
       (its halves keep the author), so every reader sees the range */
    has(o.document, "<w:ins w:id=\"2\" w:author=\"x\">" PRE("违者") "</w:ins>" START("3")
                        "<w:ins w:id=\"4\" w:author=\"x\">" PRE("处二百元罚款") "</w:ins>" END("3")
                        "<w:ins w:id=\"5\" w:author=\"x\">" PRE("。") "</w:ins>");
    out_free(&o);
}

static void test_numbering_label(void **state)
{
    (void)state;
    /* 第壹条 is rendered by automatic numbering: not text of any run, so its
       comment goes on the paragraph; the penalty after it is exact */
    const char *numbering = "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
                            "<w:numFmt w:val=\"chineseLegalSimplified\"/><w:lvlText w:val=\"第%1条\"/>"
                            "<w:suff w:val=\"space\"/></w:lvl></w:abstractNum>"
                            "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>";
    size_t len;
    unsigned char *z = make_docx(P(R("某某办法"))
                                     "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>"
                                     R("违者处五百元罚款。") "</w:p>" P(R("有效期五年。")),
                                 numbering, NULL, &len);
    out o;
    annotate(z, len, 0, &o);
    free(z);
    assert_int_equal(o.st.comments, 2);
    assert_int_equal(o.st.on_text, 1);
    has(o.document, "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>" START("0")
                        PRE("违者") START("1") PRE("处五百元罚款") END("1") PRE("。") END("0") "</w:p>");
    has(o.comments, "（所指文字是 Word 自动生成的编号，批注标在该段落上。）");
    out_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchor_exact),
        cmocka_unit_test(test_missing_clause_on_title),
        cmocka_unit_test(test_existing_comments_and_second_run),
        cmocka_unit_test(test_tracked_changes),
        cmocka_unit_test(test_numbering_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
