using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Dalel.Web;

/// <summary>
/// An empty text field binds as "", not null (ASP.NET's default). Core's use cases take text as non-null strings and
/// answer an empty required field with a message; a null would reach them as a crash and lose what the user typed.
/// </summary>
internal sealed class KeepEmptyStrings : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType == typeof(string))
        {
            context.DisplayMetadata.ConvertEmptyStringToNull = false;
        }
    }
}
