using Dalel.Core.Intake;
using Dalel.Core.Members;

namespace Dalel.Core.Demo;

/// <summary>The first demo organisation's public form, on at /report/{Slug}, with two invented reports, one answered.</summary>
public sealed class BuildDemoIntake(DalelInstance instance)
{
    public const string Slug = "safe-report";

    public void Run(Guid org)
    {
        var scope = OrgScope.Cli(org);
        var saved = new ConfigureIntake(instance).Run(scope, DefaultIntake.Settings() with { Enabled = true, AllowFiles = true, Slug = Slug, PublicName = "Сообщить о нарушении · Report a violation" }, 0);
        if (!saved.IsOk)
        {
            throw new InvalidOperationException("The demo intake form breaks its rules.");
        }

        new SubmitIntakeReport(instance).Run(Slug, new Dictionary<string, string?>
        {
            ["what"] = "Познакомился через приложение, на встрече ждали трое, сняли на видео и требуют деньги, иначе отправят видео родителям.",
            ["when"] = "2025-10",
            ["where"] = "Шымкент",
            ["who"] = "Незнакомцы из приложения знакомств",
            ["consent"] = "0",
        }, "ru");
        new SubmitIntakeReport(instance).Run(Slug, new Dictionary<string, string?>
        {
            ["what"] = "At the passport office they refused to accept my application to change the gender marker and told me to come back with a psychiatric commission decision.",
            ["when"] = "2025",
            ["where"] = "Astana",
            ["consent"] = "1",
        }, "en");
        var reports = new ListIntakeReports(instance).Run(scope).Value;
        new ReplyToIntakeReport(instance).Run(scope, reports[^1].Id,
            "Спасибо, что написали. Не платите им. Наш юрист может помочь с заявлением в полицию — напишите здесь, удобно ли вам встретиться.");
    }
}
