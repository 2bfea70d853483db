using Dalel.Core.Members;

namespace Dalel.Web.Security;

/// <summary>
/// The capability an organisation page handler needs. Every handler under /o/{org} declares one; the page base checks it
/// before the handler runs (a member without it gets 403), and the authorization matrix test reads it from the route
/// table, so a handler without a declaration fails both.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresAttribute(Capability capability) : Attribute
{
    public Capability Capability { get; } = capability;
}
