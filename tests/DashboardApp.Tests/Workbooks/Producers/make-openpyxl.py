# Writes the producer sample workbooks with Debian's python3-openpyxl (see Producers/README.md).
import sys, datetime
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
rows = [("STUDY_SESSIONS", "集中学习研讨次数", "次", 4), ("VOLUNTEERS", "志愿服务参与人次", "人次", 30), ("VOLUNTEER_HOURS", "志愿服务时长", "小时", 12.5)]
def write(path, percent):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "月报表"
    ws["A1"] = "党建工作指标月报表"
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "单位代码：", "D1-S1-U1", "单位名称：", "甲街道幸福社区党委"
    ws["A3"] = "统计期："
    ws["B3"] = datetime.date(2025, 5, 1)
    ws["B3"].number_format = "yyyy-mm"
    for i, h in enumerate(["序号", "类别", "指标代码", "指标名称", "计量单位", "本期数值", "备注"]):
        ws.cell(row=5, column=i + 1, value=h)
    for n, (code, name, unit, value) in enumerate(rows):
        r = 6 + n
        ws.cell(row=r, column=1, value=n + 1); ws.cell(row=r, column=3, value=code)
        ws.cell(row=r, column=4, value=name); ws.cell(row=r, column=5, value=unit)
        cell = ws.cell(row=r, column=6, value=0.5 if percent and code == "VOLUNTEERS" else value)
        if percent and code == "VOLUNTEERS": cell.number_format = "0.0%"
    wb.save(path)
write(sys.argv[1] + "/openpyxl-1904-date.xlsx", False)
write(sys.argv[1] + "/openpyxl-percent.xlsx", True)
