Dalel.Web.DalelWebApp.Create(args).Run();

/// <summary>The web host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
