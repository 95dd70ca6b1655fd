using ClosedXML.Excel;
using DashboardApp.Core.Organisations;

namespace DashboardApp.Tests.Organisations;

/// <summary>联系人, 联系电话, 电子邮箱 in the organisations workbook: optional columns, refused with the cell when malformed.</summary>
public class OrganisationContactsTests
{
    private static byte[] Workbook(string[] headers, params string[][] rows)
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("组织");
        for (var c = 0; c < headers.Length; c++) ws.Cell(1, c + 1).SetValue(headers[c]);
        for (var r = 0; r < rows.Length; r++)
            for (var c = 0; c < rows[r].Length; c++) ws.Cell(r + 2, c + 1).SetValue(rows[r][c]);
        using var stream = new MemoryStream();
        wb.SaveAs(stream);
        return stream.ToArray();
    }

    [Fact]
    public void ContactColumnsAreReadAndTheirAbsenceIsKnown()
    {
        var (rows, errors) = OrganisationWorkbook.Read(Workbook(["组织代码", "组织名称", "联系人", "联系电话", "电子邮箱"],
            ["U1", "一支部", "张三", "0571-8888 1234", " dj@example.gov.cn "], ["U2", "二支部", "", "", ""]), "o.xlsx");
        var (without, _) = OrganisationWorkbook.Read(Workbook(["组织代码", "组织名称", "电子邮箱"], ["U1", "一支部", "a@b.cn"]), "o.xlsx");

        Assert.Empty(errors);
        Assert.Equal(new OrganisationContact("张三", "0571-8888 1234", "dj@example.gov.cn"), rows[0].Contact);
        Assert.Equal(OrganisationContact.None, rows[1].Contact);
        Assert.Equal(ContactFields.All, rows[0].Given);
        Assert.Equal(ContactFields.Email, without[0].Given);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@b")]
    [InlineData("a@@b.cn")]
    [InlineData("张三 <a@b.cn>")]
    [InlineData("a@b.cn;c@d.cn")]
    [InlineData("a b@c.cn")]
    public void AMalformedAddressIsRefusedWithItsCell(string address)
    {
        var (_, errors) = OrganisationWorkbook.Read(Workbook(["组织代码", "组织名称", "上级组织代码", "电子邮箱"], ["U1", "一支部", "", "ok@b.cn"],
            ["U2", "二支部", "", address]), "o.xlsx");

        var error = Assert.Single(errors);
        Assert.Equal(("组织", "D3", "BAD_CONTACT"), (error.Sheet, error.Cell, error.Code));
        Assert.Contains("电子邮箱", error.Message);
    }

    [Fact]
    public void APhoneWithLettersIsRefused() =>
        Assert.Equal("联系电话", Assert.Single(new OrganisationContact(null, "call me", null).Problems()).Field);
}
