using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>The rules every case meets, whether it comes from the web form, the CLI or an import.</summary>
public static class CaseValidation
{
    public const int MaxTitle = 300;
    public const int MaxText = 100_000;
    public const int MaxReference = 100;

    public static IReadOnlyList<FieldError> Validate(CaseContent c, Catalog catalog, DateOnly today)
    {
        var errors = new List<FieldError>();
        void Add(string field, string key, params string[] args) => errors.Add(new FieldError(field, key, args));
        void Code(string field, string list, string? code, bool required = false)
        {
            if (string.IsNullOrEmpty(code))
            {
                if (required)
                {
                    Add(field, "error.required");
                }
            }
            else if (!catalog[list].Contains(code))
            {
                Add(field, "error.unknown_code");
            }
        }

        void Text(string field, string? text, int max)
        {
            if (text is { Length: > 0 } && text.Length > max)
            {
                Add(field, "error.too_long", max.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (string.IsNullOrWhiteSpace(c.Title))
        {
            Add("Title", "error.required");
        }

        Text("Title", c.Title, MaxTitle);
        Text("Narrative", c.Narrative, MaxText);
        Text("Reference", c.Reference, MaxReference);
        if (c.Date.From > today)
        {
            Add("DateFrom", "error.date_in_future");
        }

        var geography = catalog.Geography;
        if (geography.FindCountry(c.Place.Country) is null)
        {
            Add("Place.Country", "error.unknown_code");
        }
        else if (c.Place.Region is { Length: > 0 } && geography.FindRegion(c.Place.Country, c.Place.Region) is null)
        {
            Add("Place.Region", "error.unknown_code");
        }

        if (c.Place.Settlement is { Length: > 0 } && geography.FindSettlement(c.Place.Country, c.Place.Region, c.Place.Settlement) is null)
        {
            Add("Place.Settlement", "error.settlement_not_in_region");
        }

        Text("Place.Locality", c.Place.Locality, 500);

        if (c.Victims.Count == 0)
        {
            Add("Victims", "error.at_least_one_victim");
        }

        var victimIds = c.Victims.Select(v => v.Id).ToHashSet();
        for (var i = 0; i < c.Victims.Count; i++)
        {
            var v = c.Victims[i];
            var p = $"Victims[{i}]";
            if (string.IsNullOrWhiteSpace(v.CodeName))
            {
                Add($"{p}.CodeName", "error.required");
            }
            else if (c.Victims.Take(i).Any(o => string.Equals(o.CodeName.Trim(), v.CodeName.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                Add($"{p}.CodeName", "error.duplicate_code_name");
            }

            Text($"{p}.CodeName", v.CodeName, 100);
            if (v.Age is < 0 or > 120)
            {
                Add($"{p}.Age", "error.age_range");
            }

            Code($"{p}.AgeBand", Catalog.AgeBands, v.AgeBand);
            Code($"{p}.SexualOrientation", Catalog.SexualOrientation, v.SexualOrientation);
            Code($"{p}.GenderIdentity", Catalog.GenderIdentity, v.GenderIdentity);
            Code($"{p}.GenderExpression", Catalog.GenderExpression, v.GenderExpression);
            Code($"{p}.SexCharacteristics", Catalog.SexCharacteristics, v.SexCharacteristics);
            Code($"{p}.TransStatus", Catalog.TransStatus, v.TransStatus);
            Code($"{p}.SogiescBasis", Catalog.SogiescBasis, v.SogiescBasis);
            for (var j = 0; j < v.Consents.Count; j++)
            {
                var g = v.Consents[j];
                Code($"{p}.Consents[{j}].Use", Catalog.ConsentUses, g.Use, required: true);
                Code($"{p}.Consents[{j}].Method", Catalog.ConsentMethods, g.Method, required: true);
                if (g.Date > today)
                {
                    Add($"{p}.Consents[{j}].Date", "error.date_in_future");
                }
            }
        }

        if (c.Acts.Count == 0)
        {
            Add("Acts", "error.at_least_one_act");
        }

        for (var i = 0; i < c.Acts.Count; i++)
        {
            var a = c.Acts[i];
            var p = $"Acts[{i}]";
            if (!victimIds.Contains(a.VictimId))
            {
                Add($"{p}.VictimId", "error.unknown_victim");
            }

            if (a.Violations.Count == 0)
            {
                Add($"{p}.Violations", "error.at_least_one_violation");
            }

            foreach (var code in a.Violations)
            {
                Code($"{p}.Violations", Catalog.Violations, code);
            }

            foreach (var code in a.Consequences)
            {
                Code($"{p}.Consequences", Catalog.Consequences, code);
            }

            Text($"{p}.ConsequencesNote", a.ConsequencesNote, 10_000);
            for (var j = 0; j < a.Perpetrators.Count; j++)
            {
                var pe = a.Perpetrators[j];
                Code($"{p}.Perpetrators[{j}].Type", Catalog.PerpetratorTypes, pe.Type, required: true);
                Code($"{p}.Perpetrators[{j}].Involvement", Catalog.Involvement, pe.Involvement);
                if (pe.Count is < 1 or > 100_000)
                {
                    Add($"{p}.Perpetrators[{j}].Count", "error.count_range");
                }

                Text($"{p}.Perpetrators[{j}].Description", pe.Description, 10_000);
            }
        }

        for (var i = 0; i < c.Sources.Count; i++)
        {
            Code($"Sources[{i}].Type", Catalog.SourceTypes, c.Sources[i].Type, required: true);
            Code($"Sources[{i}].Reliability", Catalog.Reliability, c.Sources[i].Reliability);
            Text($"Sources[{i}].Description", c.Sources[i].Description, 10_000);
            if (c.Sources[i].Date > today)
            {
                Add($"Sources[{i}].Date", "error.date_in_future");
            }
        }

        for (var i = 0; i < c.Interventions.Count; i++)
        {
            Code($"Interventions[{i}].Type", Catalog.InterventionTypes, c.Interventions[i].Type, required: true);
            Code($"Interventions[{i}].Response", Catalog.Responses, c.Interventions[i].Response);
            Text($"Interventions[{i}].Note", c.Interventions[i].Note, 10_000);
            if (c.Interventions[i].Date > today)
            {
                Add($"Interventions[{i}].Date", "error.date_in_future");
            }
        }

        if (c.HateCrime is { } hate)
        {
            for (var i = 0; i < hate.BiasIndicators.Count; i++)
            {
                Code($"HateCrime.BiasIndicators[{i}]", Catalog.BiasIndicators, hate.BiasIndicators[i], required: true);
            }

            Text("HateCrime.PublicSummary", hate.PublicSummary, 1_000);
        }

        for (var i = 0; i < c.Identities.Count; i++)
        {
            if (!victimIds.Contains(c.Identities[i].VictimId))
            {
                Add($"Identities[{i}]", "error.unknown_victim");
            }
        }

        return errors;
    }
}
