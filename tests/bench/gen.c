/*
 * gen.c — the benchmark corpus generator: COUNT realistic drafts of local
 * normative documents (管理办法, 实施细则, ...), each written as TXT and/or as
 * DOCX, deterministic for a seed.
 *
 * A draft has a title, a 文号, and articles (第N条), grouped in chapters
 * (第N章) unless it is short; an article is one paragraph, several 款
 * (paragraphs without a number) or a lead-in with 项 （一）（二）…. The first
 * article states purpose and basis, the last ones interpretation and
 * effective date (施行, 有效期), then the issuer and the date. About one
 * sentence in forty is a planted defect (a penalty, a licence, local
 * protection, a fee, a half-width comma, ...) and some drafts lack the
 * 有效期 or the basis or have a malformed 文号, so that rules fire.
 *
 * Sizes: the text of a draft aims at 5.6 + 52.4 × u^1.6 KiB (u uniform in
 * [0, 1)), so drafts run from about 5 to 60 KiB, most of them short, with a
 * mean of about 26 KB: 2,000 drafts hold about 52 MB of text.
 *
 * DOCX: every line is a paragraph (<w:p> with the indents and revision ids
 * Word writes) whose text is split into runs of 1–12 characters, cutting
 * words and numbers as Word's revision and proofing marks do, with the odd
 * proofErr mark between runs; the package has the content types and the
 * relationships a reader needs to find word/document.xml.
 *
 * Usage: gen OUTDIR COUNT [SEED] [txt|docx|both]   (writes OUTDIR/txt, OUTDIR/docx)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strbuf.h"
#include "load/zip.h"
#include "support/zipbuild.h"

/* Two generators: one for the text, one for the DOCX markup (runs, revision
   ids), so the text of a seed is the same whether DOCX is written or not. */
static unsigned long long state, xstate;

static unsigned step(unsigned long long *st, unsigned n)
{
    *st = *st * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((*st >> 33) % n);
}

static unsigned rnd(unsigned n) { return step(&state, n); }
static unsigned xrnd(unsigned n) { return step(&xstate, n); }

/* uniform in [0, 1) */
static double rnd_unit(void) { return rnd(1u << 30) / (double)(1u << 30); }

#define COUNT(a) (sizeof(a) / sizeof *(a))

typedef struct subject {
    const char *name, *dept, *object;
} subject;

static const subject subjects[] = {
    {"城市停车", "市交通运输局", "停车设施"},
    {"住宅小区物业", "市住房和城乡建设局", "物业服务"},
    {"农村供水", "市水务局", "供水工程"},
    {"养老服务设施", "市民政局", "养老服务设施"},
    {"建筑工地扬尘", "市生态环境局", "扬尘污染防治"},
    {"户外广告设施", "市城市管理局", "户外广告设施"},
    {"餐饮油烟", "市生态环境局", "餐饮油烟治理"},
    {"共享单车停放", "市交通运输局", "互联网租赁自行车"},
    {"夜间经济", "市商务局", "夜间经营活动"},
    {"老旧小区改造", "市住房和城乡建设局", "老旧小区改造项目"},
    {"电动自行车充电设施", "市应急管理局", "充电设施"},
    {"生活垃圾分类", "市城市管理局", "生活垃圾分类"},
};
static const char *const places[] = {"江州市", "江州市临川区", "江州市东湖区", "云岭县", "江州市江北区", "青川市"};
static const char *const genres[] = {"管理办法", "管理规定", "实施细则", "暂行办法", "实施办法"};
static const char *const prefixes[] = {"江府规", "江府办规", "临府规", "江建规", "云政规", "青政办规"};
static const char *const issuers[] = {"江州市人民政府", "江州市人民政府办公室", "江州市临川区人民政府", "云岭县人民政府",
                                      "青川市人民政府"};
static const char *const middle_chapters[] = {"规划与建设", "运营管理", "服务规范", "安全管理", "保障措施",
                                              "信息化建设", "监督检查", "社会参与"};
static const char *const laws[] = {"《中华人民共和国行政许可法》", "《中华人民共和国安全生产法》",
                                   "《中华人民共和国城乡规划法》", "《城市市容和环境卫生管理条例》",
                                   "《物业管理条例》", "《中华人民共和国大气污染防治法》"};

/* {D}: the department, {O}: the object of regulation */
static const char *const sentences[] = {
    "{D}应当按照职责分工，做好{O}的监督管理工作",
    "区人民政府应当加强对{O}工作的组织领导，建立健全协调机制",
    "经营者应当公示服务内容和收费标准，接受社会监督",
    "主管部门应当建立{O}信息台账，定期开展检查评估",
    "鼓励社会力量参与{O}的建设和运营",
    "任何单位和个人有权对违反本办法的行为进行投诉和举报",
    "相关单位应当落实安全生产主体责任，及时消除安全隐患",
    "街道办事处应当组织居民委员会做好宣传引导工作",
    "{D}应当会同有关部门编制{O}专项规划，报本级人民政府批准后公布实施",
    "编制专项规划应当征求社会公众和相关领域专家的意见",
    "{O}的建设应当符合国家和本市有关技术标准和规范",
    "运营单位应当建立健全安全管理制度，配备必要的管理人员",
    "{D}应当推进{O}信息化建设，实现相关部门之间的数据共享",
    "有关部门应当依法公开{O}相关信息，方便公众查询",
    "运营单位应当制定突发事件应急预案，定期组织演练",
    "对在{O}工作中做出显著成绩的单位和个人，按照国家和本市有关规定给予表彰",
    "市场监督管理部门应当加强对{O}价格行为的监督检查",
    "行业协会应当加强行业自律，引导会员依法经营、诚信服务",
    "{D}应当建立投诉举报处理机制，自受理之日起十五个工作日内作出处理并告知投诉人",
    "运营单位应当妥善保存相关记录，保存期限不少于二年",
    "{O}的管理应当遵循政府引导、市场运作、属地管理、社会参与的原则",
    "各级人民政府应当将{O}工作纳入国民经济和社会发展规划",
    "财政部门应当按照规定安排必要的经费保障",
    "新建、改建、扩建项目应当按照规划要求同步配套建设{O}",
    "任何单位和个人不得擅自改变{O}的使用性质",
    "监督检查人员依法履行职责时，应当出示执法证件",
    "被检查单位应当如实提供有关资料，不得拒绝、阻挠",
    "{D}应当定期对{O}的运行情况进行评估，评估结果向社会公布",
    "公民、法人和其他组织对行政行为不服的，可以依法申请行政复议或者提起行政诉讼",
    "违反本办法规定，法律、法规已有处罚规定的，从其规定",
};
/* lead-ins of 项 lists, each with its own kind of item */
static const char *const item_leads[] = {
    "{O}运营单位应当遵守下列规定：",
    "有下列情形之一的，由{D}责令限期改正：",
    "{D}应当履行下列职责：",
};
static const char *const items[][6] = {
    {"按照规定公示服务内容和收费标准", "建立健全安全管理制度", "配备与服务规模相适应的管理人员",
     "定期检查、维护相关设施设备", "妥善处理投诉和纠纷", "依法保护个人信息"},
    {"未按照规定公示收费标准", "擅自改变设施用途", "未按照规定报送统计资料", "未落实消防安全责任",
     "拒绝、阻挠监督检查", "未按照规定保存相关记录"},
    {"组织编制{O}发展规划并监督实施", "指导、监督区县开展{O}工作", "制定{O}服务规范和技术标准",
     "组织开展{O}的检查评估", "受理并处理投诉举报", "会同有关部门建立信息共享机制"},
};
/* planted defects: each fires a bundled rule */
static const char *const defects[] = {
    "违反本办法规定的，由{D}处一千元以上五千元以下罚款",
    "申请设置的，须经{D}审批，取得许可证后方可实施",
    "外地企业须在本市设立分支机构",
    "对拒不整改的，由执法人员予以扣押",
    "经营者应当向{D}缴纳服务保证金",
    "对违反规定的经营者，列入黑名单并向社会公布",
    "政府投资项目应当优先采购本地企业产品",
    "相关设备由市城投集团统一供应",
    "未经备案的，不得从事相关经营活动",
    "有关部门应当加强监督,及时处理投诉",
};

static void put(nl_buf *b, const char *s) { nl_buf_puts(b, s); }

/* Append `tpl` with {D} and {O} replaced. */
static void put_tpl(nl_buf *b, const char *tpl, const subject *s)
{
    for (const char *p = tpl; *p;) {
        if (strncmp(p, "{D}", 3) == 0) {
            put(b, s->dept);
            p += 3;
        } else if (strncmp(p, "{O}", 3) == 0) {
            put(b, s->object);
            p += 3;
        } else {
            nl_buf_put(b, p++, 1);
        }
    }
}

static void cn_number(unsigned v, char *out)
{
    static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    out[0] = '\0';
    if (v >= 100) {
        strcat(out, d[v / 100]);
        strcat(out, "百");
        if (v % 100 && v % 100 < 10)
            strcat(out, "零");
        v %= 100;
    }
    if (v >= 10) {
        if (v / 10 > 1 || out[0])
            strcat(out, d[v / 10]);
        strcat(out, "十");
        v %= 10;
    }
    if (v)
        strcat(out, d[v]);
}

/* The draft being written: its text and, when asked, its document.xml. */
typedef struct draft {
    nl_buf t, x;
    int docx;
    unsigned rsid; /* Word's revision id of the current editing session */
} draft;

/* One line: a paragraph of the text, and a <w:p> whose text is cut into runs
   of 1-12 code points (generated text holds no markup characters). */
static void line(draft *d, const char *s, int indent)
{
    put(&d->t, s);
    put(&d->t, "\n");
    if (!d->docx)
        return;
    char attr[96];
    if (xrnd(6) == 0)
        d->rsid = 0x00100000u + xrnd(0x00EFFFFFu);
    snprintf(attr, sizeof attr, "<w:p w:rsidR=\"%08X\" w:rsidRDefault=\"%08X\">", d->rsid, d->rsid);
    put(&d->x, attr);
    put(&d->x, indent ? "<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\" "
                        "w:firstLine=\"640\"/></w:pPr>"
                      : "<w:pPr><w:jc w:val=\"center\"/></w:pPr>");
    while (*s) {
        unsigned want = 1 + xrnd(12);
        const char *e = s;
        for (unsigned k = 0; k < want && *e; k++) {
            unsigned char c = (unsigned char)*e;
            e += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        }
        if (xrnd(10) == 0)
            put(&d->x, xrnd(2) ? "<w:proofErr w:type=\"spellStart\"/>" : "<w:proofErr w:type=\"gramEnd\"/>");
        if (xrnd(4) == 0) {
            snprintf(attr, sizeof attr, "<w:r w:rsidRPr=\"%08X\">", d->rsid ^ xrnd(0xFFFF));
            put(&d->x, attr);
        } else {
            put(&d->x, "<w:r>");
        }
        put(&d->x, "<w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">");
        nl_buf_put(&d->x, s, (size_t)(e - s));
        put(&d->x, "</w:t></w:r>");
        s = e;
    }
    put(&d->x, "</w:p>");
}

/* A sentence: usually an ordinary one, one in forty a defect. */
static void sentence(nl_buf *b, const subject *s)
{
    put_tpl(b, rnd(40) == 0 ? defects[rnd(COUNT(defects))] : sentences[rnd(COUNT(sentences))], s);
}

/* One article, numbered n: a paragraph, several 款, or a lead-in with 项. */
static void article(draft *d, unsigned n, const subject *s)
{
    char num[32];
    nl_buf b = {0};
    cn_number(n, num);
    put(&b, "第");
    put(&b, num);
    put(&b, "条　");
    unsigned form = rnd(10);
    if (form < 2) { /* 项 */
        unsigned lead = rnd(COUNT(item_leads));
        put_tpl(&b, item_leads[lead], s);
        line(d, nl_buf_str(&b), 1);
        unsigned k = 3 + rnd(5);
        for (unsigned i = 1; i <= k; i++) {
            nl_buf it = {0};
            cn_number(i, num);
            put(&it, "（");
            put(&it, num);
            put(&it, "）");
            if (i == k)
                put(&it, "法律、法规、规章规定的其他情形。");
            else {
                put_tpl(&it, rnd(40) == 0 ? defects[rnd(COUNT(defects))] : items[lead][rnd(COUNT(items[lead]))], s);
                put(&it, "；");
            }
            line(d, nl_buf_str(&it), 1);
            nl_buf_free(&it);
        }
    } else {
        unsigned paras = form < 5 ? 2 + rnd(2) : 1; /* several 款 */
        for (unsigned p = 0; p < paras; p++) {
            unsigned ns = 1 + rnd(4);
            for (unsigned i = 0; i < ns; i++) {
                sentence(&b, s);
                put(&b, i + 1 < ns ? "；" : "。");
            }
            line(d, nl_buf_str(&b), 1);
            nl_buf_free(&b);
            b = (nl_buf){0};
        }
    }
    nl_buf_free(&b);
}

static void heading(draft *d, unsigned n, const char *name)
{
    char num[32], buf[128];
    cn_number(n, num);
    snprintf(buf, sizeof buf, "第%s章　%s", num, name);
    line(d, buf, 0);
}

/* The whole draft, aiming at `target` bytes of text. */
static void write_draft(draft *d, size_t target)
{
    char buf[1024], num[32];
    const subject *s = &subjects[rnd(COUNT(subjects))];
    const char *place = places[rnd(COUNT(places))];
    snprintf(buf, sizeof buf, "%s%s%s", place, s->name, genres[rnd(COUNT(genres))]);
    line(d, buf, 0);
    unsigned year = 2023 + rnd(3), serial = 1 + rnd(60);
    unsigned bad_number = rnd(20);
    if (bad_number == 0)
        snprintf(buf, sizeof buf, "%s[%u]%u号", prefixes[rnd(COUNT(prefixes))], year, serial);
    else if (bad_number == 1)
        snprintf(buf, sizeof buf, "%s〔%u〕第%u号", prefixes[rnd(COUNT(prefixes))], year, serial);
    else
        snprintf(buf, sizeof buf, "%s〔%u〕%u号", prefixes[rnd(COUNT(prefixes))], year, serial);
    line(d, buf, 0);

    int chapters = target >= 9 * 1024;
    unsigned art = 0, ch = 0;
    if (chapters)
        heading(d, ++ch, "总则");
    /* 第一条: purpose and basis (missing in one draft in fifteen) */
    cn_number(++art, num);
    unsigned law = rnd(COUNT(laws));
    if (rnd(15) == 0)
        snprintf(buf, sizeof buf, "第%s条　为了加强%s管理，提高服务水平，制定本办法。", num, s->object);
    else
        snprintf(buf, sizeof buf,
                 "第%s条　为了加强%s管理，规范相关活动，维护公共利益和当事人合法权益，根据%s%s等法律、法规，"
                 "结合本市实际，制定本办法。",
                 num, s->object, laws[law], laws[(law + 1 + rnd(COUNT(laws) - 1)) % COUNT(laws)]);
    line(d, buf, 1);
    cn_number(++art, num);
    snprintf(buf, sizeof buf, "第%s条　本办法适用于本市行政区域内%s的规划、建设、运营及其监督管理活动。", num, s->object);
    line(d, buf, 1);
    cn_number(++art, num);
    snprintf(buf, sizeof buf, "第%s条　%s是本市%s的主管部门，负责本办法的组织实施。", num, s->dept, s->object);
    line(d, buf, 1);
    line(d, "发展改革、财政、自然资源、市场监督管理等部门按照各自职责，做好相关工作。", 1);

    /* the body: middle chapters (or none) share what is left of the target */
    const size_t tail = 700; /* 附则, issuer and date */
    unsigned nmid = !chapters ? 1 : target < 20 * 1024 ? 2 : target < 35 * 1024 ? 3 : target < 50 * 1024 ? 4 : 5;
    size_t start = d->t.n, body = target > start + tail ? target - start - tail : 0;
    unsigned first_mid = rnd(COUNT(middle_chapters));
    for (unsigned m = 0; m < nmid; m++) {
        if (chapters)
            heading(d, ++ch, m + 1 == nmid ? "法律责任" : middle_chapters[(first_mid + m) % COUNT(middle_chapters)]);
        size_t until = start + body * (m + 1) / nmid;
        do
            article(d, ++art, s);
        while (d->t.n < until);
    }
    if (chapters)
        heading(d, ++ch, "附则");
    cn_number(++art, num);
    snprintf(buf, sizeof buf, "第%s条　本办法由%s负责解释。", num, s->dept);
    line(d, buf, 1);
    cn_number(++art, num);
    unsigned ending = rnd(12);
    if (ending == 0) /* no 有效期 */
        snprintf(buf, sizeof buf, "第%s条　本办法自%u年%u月1日起施行。", num, year + 1, 1 + rnd(12));
    else if (ending == 1) /* takes effect at once although it affects enterprises */
        snprintf(buf, sizeof buf, "第%s条　本办法自印发之日起施行，有效期5年。", num);
    else
        snprintf(buf, sizeof buf, "第%s条　本办法自%u年%u月1日起施行，有效期%u年。", num, year + 1, 1 + rnd(12),
                 3 + rnd(3));
    line(d, buf, 1);
    line(d, issuers[rnd(COUNT(issuers))], 0);
    snprintf(buf, sizeof buf, "%u年%u月%u日", year, 1 + rnd(12), 1 + rnd(28));
    line(d, buf, 0);
}

static int write_file(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    int ok = fwrite(p, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        perror(path);
    return ok ? 0 : -1;
}

static int write_docx(const char *path, const nl_buf *x)
{
    static const char ct[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\""
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    static const char rels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    static const char docrels[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>";
    const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels"};
    const char *data[] = {ct, rels, x->p, docrels};
    size_t lens[] = {strlen(ct), strlen(rels), x->n, strlen(docrels)};
    unsigned char *zip;
    size_t zn;
    nl_error err;
    if (nl_test_zip_build(names, data, lens, 4, &zip, &zn, &err) != NL_OK) {
        fprintf(stderr, "gen: %s: %s\n", path, err.message);
        return -1;
    }
    int rc = write_file(path, zip, zn);
    free(zip);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: gen OUTDIR COUNT [SEED] [txt|docx|both]\n");
        return 2;
    }
    const char *dir = argv[1];
    unsigned count = (unsigned)strtoul(argv[2], NULL, 10);
    state = argc > 3 ? strtoull(argv[3], NULL, 10) : 42;
    xstate = state ^ 0x9E3779B97F4A7C15ull;
    const char *what = argc > 4 ? argv[4] : "both";
    int txt = strcmp(what, "docx") != 0, docx = strcmp(what, "txt") != 0;
    char path[1024];
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/txt", dir);
    if (txt)
        mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/docx", dir);
    if (docx)
        mkdir(path, 0755);
    for (unsigned i = 0; i < count; i++) {
        draft d = {.docx = docx, .rsid = 0x00A1B2C3u};
        size_t target = (size_t)((5.6 + 52.4 * pow(rnd_unit(), 1.6)) * 1024);
        if (docx)
            put(&d.x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        write_draft(&d, target);
        if (docx)
            put(&d.x, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" "
                      "w:bottom=\"1984\" w:left=\"1588\"/></w:sectPr></w:body></w:document>");
        if (d.t.oom || d.x.oom) {
            fprintf(stderr, "gen: out of memory\n");
            return 1;
        }
        snprintf(path, sizeof path, "%s/txt/draft%05u.txt", dir, i);
        if (txt && write_file(path, d.t.p, d.t.n) != 0)
            return 1;
        snprintf(path, sizeof path, "%s/docx/draft%05u.docx", dir, i);
        if (docx && write_docx(path, &d.x) != 0)
            return 1;
        nl_buf_free(&d.t);
        nl_buf_free(&d.x);
    }
    return 0;
}
