/*
 * gen.c — the benchmark corpus generator: N realistic drafts of normative
 * documents (办法 with chapters and articles, 5–60 KB), each written as TXT and
 * as DOCX with runs split the way Word splits them (mid-word, mid-number).
 * Deterministic for a seed. Usage: gen OUTDIR COUNT [SEED] [txt|docx|both]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strbuf.h"
#include "load/zip.h"

static unsigned long long state;

static unsigned rnd(unsigned n)
{
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)((state >> 33) % n);
}

static const char *const places[] = {"江州市", "江州市临川区", "江州市东湖区", "云岭县", "江州市江北区", "青川市"};
static const char *const subjects[] = {"城市停车", "住宅小区物业", "农村供水", "养老服务设施", "建筑工地扬尘",
                                       "户外广告设施", "餐饮油烟", "共享单车停放", "夜间经济", "老旧小区改造"};
static const char *const genres[] = {"管理办法", "管理规定", "实施细则", "暂行办法"};
static const char *const chapters[] = {"总则", "规划与建设", "运营管理", "监督检查", "法律责任", "附则"};
static const char *const sentences[] = {
    "有关部门应当按照职责分工，做好相关工作",
    "区人民政府应当加强组织领导，建立健全协调机制",
    "经营者应当公示服务内容和收费标准，接受社会监督",
    "主管部门应当建立信息台账，定期开展检查评估",
    "鼓励社会力量参与设施建设和运营",
    "任何单位和个人有权对违反本办法的行为进行投诉和举报",
    "相关单位应当落实安全生产主体责任，消除安全隐患",
    "街道办事处应当组织居民委员会做好宣传引导工作",
};
static const char *const defects[] = {
    "违反本办法规定的，由主管部门处一千元以上五千元以下罚款",
    "申请设置的，须经主管部门审批，取得许可证后方可实施",
    "外地企业须在本市设立分支机构",
    "对拒不整改的，由执法人员予以扣押",
};

static void put(nl_buf *b, const char *s) { nl_buf_puts(b, s); }

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

/* XML-escape nothing: generated text has no markup characters. Split the
   paragraph into runs of 1-12 code points. */
static void docx_para(nl_buf *x, const char *line)
{
    put(x, "<w:p>");
    const char *s = line;
    while (*s) {
        unsigned want = 1 + rnd(12);
        const char *e = s;
        for (unsigned k = 0; k < want && *e; k++) {
            unsigned char c = (unsigned char)*e;
            e += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        }
        put(x, "<w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋\"/></w:rPr><w:t xml:space=\"preserve\">");
        nl_buf_put(x, s, (size_t)(e - s));
        put(x, "</w:t></w:r>");
        s = e;
    }
    put(x, "</w:p>");
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
    const char *what = argc > 4 ? argv[4] : "both";
    int txt = strcmp(what, "docx") != 0, docx = strcmp(what, "txt") != 0;
    char path[1024];
    snprintf(path, sizeof path, "%s/txt", dir);
    mkdir(dir, 0755);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/docx", dir);
    mkdir(path, 0755);
    for (unsigned i = 0; i < count; i++) {
        nl_buf t = {0}, x = {0};
        char line[4096], num[32];
        const char *place = places[rnd(6)];
        snprintf(line, sizeof line, "%s%s%s", place, subjects[rnd(10)], genres[rnd(4)]);
        put(&t, line);
        put(&t, "\n");
        put(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document "
                "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        docx_para(&x, line);
        snprintf(line, sizeof line, "江州府规〔2024〕%u号", 1 + rnd(60));
        put(&t, line);
        put(&t, "\n");
        docx_para(&x, line);
        unsigned articles = 20 + rnd(60), per_chapter = articles / 5 + 1, art = 0;
        unsigned sentences_per = 2 + rnd(6);
        for (unsigned ch = 0; ch < 6 && art < articles; ch++) {
            cn_number(ch + 1, num);
            snprintf(line, sizeof line, "第%s章　%s", num, chapters[ch]);
            put(&t, line);
            put(&t, "\n");
            docx_para(&x, line);
            for (unsigned k = 0; k < per_chapter && art < articles; k++) {
                cn_number(++art, num);
                snprintf(line, sizeof line, "第%s条　", num);
                unsigned ns = 2 + rnd(sentences_per);
                for (unsigned s = 0; s < ns; s++) {
                    const char *sent = rnd(40) == 0 ? defects[rnd(4)] : sentences[rnd(8)];
                    if (strlen(line) + strlen(sent) + 8 < sizeof line) {
                        strcat(line, sent);
                        strcat(line, s + 1 < ns ? "；" : "。");
                    }
                }
                put(&t, line);
                put(&t, "\n");
                docx_para(&x, line);
            }
        }
        cn_number(++art, num);
        snprintf(line, sizeof line, "第%s条　本办法自2025年1月1日起施行，有效期5年。", num);
        put(&t, line);
        put(&t, "\n");
        docx_para(&x, line);
        put(&t, "江州市人民政府\n2024年11月1日\n");
        docx_para(&x, "江州市人民政府");
        docx_para(&x, "2024年11月1日");
        put(&x, "</w:body></w:document>");
        if (txt) {
            snprintf(path, sizeof path, "%s/txt/draft%05u.txt", dir, i);
            FILE *f = fopen(path, "wb");
            if (!f)
                return 1;
            fwrite(t.p, 1, t.n, f);
            fclose(f);
        }
        if (docx) {
            static const char ct[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                                     "package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\""
                                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
            const char *names[] = {"[Content_Types].xml", "word/document.xml"};
            const char *data[] = {ct, x.p};
            size_t lens[] = {strlen(ct), x.n};
            unsigned char *zip;
            size_t zn;
            nl_error err;
            if (nl_zip_build(names, data, lens, 2, &zip, &zn, &err) != NL_OK)
                return 1;
            snprintf(path, sizeof path, "%s/docx/draft%05u.docx", dir, i);
            FILE *f = fopen(path, "wb");
            if (!f)
                return 1;
            fwrite(zip, 1, zn, f);
            fclose(f);
            free(zip);
        }
        nl_buf_free(&t);
        nl_buf_free(&x);
    }
    return 0;
}
