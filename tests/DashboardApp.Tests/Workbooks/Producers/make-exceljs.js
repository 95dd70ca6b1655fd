// Writes the producer sample workbooks with exceljs (see tests/.../Producers/README.md).
const ExcelJS = require('exceljs');
const indicators = [['STUDY_SESSIONS','集中学习研讨次数','次'],['VOLUNTEERS','志愿服务参与人次','人次'],['VOLUNTEER_HOURS','志愿服务时长','小时']];
async function write(file, percent) {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'exceljs sample';
  wb.properties.date1904 = true;
  const ws = wb.addWorksheet('月报表');
  ws.getCell('A1').value = '党建工作指标月报表';
  ws.getCell('A2').value = '单位代码：'; ws.getCell('B2').value = 'D1-S1-U1';
  ws.getCell('C2').value = '单位名称：'; ws.getCell('D2').value = '甲街道幸福社区党委';
  ws.getCell('A3').value = '统计期：';
  ws.getCell('B3').value = new Date(Date.UTC(2025, 4, 1)); ws.getCell('B3').numFmt = 'yyyy"年"m"月"';
  ['序号','类别','指标代码','指标名称','计量单位','本期数值','备注'].forEach((h, i) => ws.getRow(5).getCell(i + 1).value = h);
  const values = [4, percent ? 0.5 : 30, 12.5];
  indicators.forEach(([code, name, unit], i) => {
    const row = ws.getRow(6 + i);
    row.getCell(1).value = i + 1; row.getCell(3).value = code; row.getCell(4).value = name; row.getCell(5).value = unit;
    row.getCell(6).value = values[i];
    if (percent && code === 'VOLUNTEERS') row.getCell(6).numFmt = '0%';
  });
  await wb.xlsx.writeFile(file);
}
(async () => {
  const dir = process.argv[2];
  await write(dir + '/exceljs-1904-date.xlsx', false);
  await write(dir + '/exceljs-percent.xlsx', true);
})();
