# A flat ODS with the 1904 null date, converted to .xlsx by LibreOffice headless (see Producers/README.md).
import sys
def cell_text(t): return f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
def cell_num(v, style=None):
    s = f' table:style-name="{style}"' if style else ''
    vt = 'percentage' if style == 'pct' else 'float'
    return f'<table:table-cell{s} office:value-type="{vt}" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
def write(path, percent):
    rows = [
      [cell_text("党建工作指标月报表")],
      [cell_text("单位代码："), cell_text("D1-S1-U1"), cell_text("单位名称："), cell_text("甲街道幸福社区党委")],
      [cell_text("统计期："), '<table:table-cell table:style-name="ym" office:value-type="date" office:date-value="2025-05-01"><text:p>2025-05</text:p></table:table-cell>'],
      [],
      [cell_text(h) for h in ["序号", "类别", "指标代码", "指标名称", "计量单位", "本期数值", "备注"]],
    ]
    data = [("STUDY_SESSIONS", "集中学习研讨次数", "次", 4), ("VOLUNTEERS", "志愿服务参与人次", "人次", 30), ("VOLUNTEER_HOURS", "志愿服务时长", "小时", 12.5)]
    for n, (code, name, unit, v) in enumerate(data):
        value = cell_num(0.5, 'pct') if percent and code == "VOLUNTEERS" else cell_num(v)
        rows.append([cell_num(n + 1), '<table:table-cell/>', cell_text(code), cell_text(name), cell_text(unit), value])
    body = "".join("<table:table-row>" + "".join(r or ['<table:table-cell/>']) + "</table:table-row>" for r in rows)
    doc = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N1"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/></number:date-style>
 <number:percentage-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
 <style:style style:name="ym" style:family="table-cell" style:data-style-name="N1"/>
 <style:style style:name="pct" style:family="table-cell" style:data-style-name="N2"/>
</office:automatic-styles>
<office:body><office:spreadsheet>
 <table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>
 <table:table table:name="月报表">{body}</table:table>
</office:spreadsheet></office:body></office:document>'''
    open(path, "w", encoding="utf-8").write(doc)
write("libreoffice-1904-date.fods", False)
write("libreoffice-percent.fods", True)
