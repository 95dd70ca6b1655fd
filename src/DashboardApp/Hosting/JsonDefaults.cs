using System.Text.Encodings.Web;
using System.Text.Json;

namespace DashboardApp.Hosting;

/// <summary>JSON as the CLI prints it and the upload endpoint returns it: camelCase, Chinese unescaped.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
