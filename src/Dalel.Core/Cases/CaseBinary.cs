using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Dalel.Core.Cases;

/// <summary>
/// The sealed form of a case: a compact binary layout, read several times faster than JSON, which is what unsealing
/// a million cases spends most of its time on. Version byte first (JSON bodies start with '{' and stay readable);
/// strings are UTF-8 with a length, vocabulary codes come back as the one shared string per code, lists as arrays
/// of exactly their length. A field added to the records must be added here: a test round-trips a record with every
/// field set.
/// </summary>
internal static class CaseBinary
{
    public const byte Version1 = 1;

    /// <summary>Adds working copies' origin and derivation to evidence files.</summary>
    public const byte Version2 = 2;

    /// <summary>Adds the organisation's reference and the import batch, after the timestamps.</summary>
    public const byte Version3 = 3;

    public static byte[] Write(CaseRecord r)
    {
        var w = new Writer(new ArrayBufferWriter<byte>(1024));
        w.Byte(Version3);
        w.Guid(r.Id);
        w.Guid(r.OrganisationId);
        w.String(r.Title);
        w.String(r.Narrative);
        w.Byte((byte)r.Date.Precision);
        w.Date(r.Date.From);
        w.Date(r.Date.To);
        w.String(r.Place.Country);
        w.String(r.Place.Region);
        w.String(r.Place.Settlement);
        w.String(r.Place.Locality);
        w.Byte((byte)r.Status);
        w.List(r.Victims, (w, v) =>
        {
            w.Guid(v.Id);
            w.String(v.CodeName);
            w.Int(v.Age);
            w.String(v.AgeBand);
            w.String(v.SexualOrientation);
            w.String(v.GenderIdentity);
            w.String(v.GenderExpression);
            w.String(v.SexCharacteristics);
            w.String(v.TransStatus);
            w.String(v.SogiescBasis);
            w.List(v.Consents, (w, c) =>
            {
                w.String(c.Use);
                w.Byte(c.Granted ? (byte)1 : (byte)0);
                w.Date(c.Date);
                w.String(c.Method);
            });
        });
        w.List(r.Acts, (w, a) =>
        {
            w.Guid(a.Id);
            w.Guid(a.VictimId);
            w.Strings(a.Violations);
            w.List(a.Perpetrators, (w, p) =>
            {
                w.String(p.Type);
                w.String(p.Involvement);
                w.Int(p.Count);
                w.String(p.Description);
            });
            w.Strings(a.Consequences);
            w.String(a.ConsequencesNote);
        });
        w.List(r.Sources, (w, s) =>
        {
            w.String(s.Type);
            w.String(s.Reliability);
            w.Date(s.Date);
            w.String(s.Description);
        });
        w.List(r.Interventions, (w, i) =>
        {
            w.String(i.Type);
            w.Date(i.Date);
            w.String(i.Response);
            w.String(i.Note);
        });
        w.List(r.Files, (w, f) =>
        {
            w.Guid(f.Id);
            w.String(f.FileName);
            w.String(f.ContentType);
            w.Long(f.Size);
            w.String(f.Sha256);
            w.Instant(f.UploadedAt);
            w.Byte(f.DerivedFrom is null ? (byte)0 : (byte)1);
            if (f.DerivedFrom is { } origin)
            {
                w.Guid(origin);
            }

            w.String(f.Derivation);
        });
        w.Byte(r.HateCrime is null ? (byte)0 : (byte)1);
        if (r.HateCrime is { } hate)
        {
            w.Byte(hate.CriminalOffence ? (byte)1 : (byte)0);
            w.Strings(hate.BiasIndicators);
            w.String(hate.PublicSummary);
        }

        w.Instant(r.CreatedAt);
        w.Instant(r.UpdatedAt);
        w.String(r.Reference);
        w.Byte(r.ImportBatch is null ? (byte)0 : (byte)1);
        if (r.ImportBatch is { } batch)
        {
            w.Guid(batch);
        }

        return w.ToArray();
    }

    /// <summary>The case's id, read without reading the rest (it follows the version byte in every version).</summary>
    public static Guid IdOf(ReadOnlySpan<byte> bytes) => new(bytes.Slice(1, 16));

    /// <summary>The organisation's id, which follows the case's.</summary>
    public static Guid OrganisationOf(ReadOnlySpan<byte> bytes) => new(bytes.Slice(17, 16));

    public static CaseRecord Read(ReadOnlySpan<byte> bytes) => Read(bytes, codedOnly: false);

    /// <summary>
    /// The coded facts only: every free text (title, narrative, locality, code names, descriptions, notes, file names,
    /// the public summary, the reference) is skipped and left empty. For statistics and the de-identified file, which
    /// use no free text: reading a million cases this way makes none of their strings. Never for showing a case.
    /// </summary>
    public static CaseRecord ReadFacts(ReadOnlySpan<byte> bytes) => Read(bytes, codedOnly: true);

    private static CaseRecord Read(ReadOnlySpan<byte> bytes, bool codedOnly)
    {
        var r = new Reader(bytes, codedOnly);
        var version = r.Byte();
        if (version is not (Version1 or Version2 or Version3))
        {
            throw new InvalidDataException("Unknown case format.");
        }

        var id = r.Guid();
        var org = r.Guid();
        var title = r.Text() ?? "";
        var narrative = r.Text() ?? "";
        var date = new IncidentDate((DatePrecision)r.Byte(), r.Date(), r.Date());
        var place = new Place { Country = r.String()!, Region = r.String(), Settlement = r.String(), Locality = r.Text() };
        var status = (CaseStatus)r.Byte();
        var victims = new Victim[r.Count()];
        for (var i = 0; i < victims.Length; i++)
        {
            victims[i] = new Victim
            {
                Id = r.Guid(),
                CodeName = r.Text() ?? "",
                Age = r.Int(),
                AgeBand = r.String(),
                SexualOrientation = r.String(),
                GenderIdentity = r.String(),
                GenderExpression = r.String(),
                SexCharacteristics = r.String(),
                TransStatus = r.String(),
                SogiescBasis = r.String(),
                Consents = Consents(ref r),
            };
        }

        var acts = new Act[r.Count()];
        for (var i = 0; i < acts.Length; i++)
        {
            var actId = r.Guid();
            var victimId = r.Guid();
            var violations = r.Strings();
            var perpetrators = new Perpetrator[r.Count()];
            for (var j = 0; j < perpetrators.Length; j++)
            {
                perpetrators[j] = new Perpetrator { Type = r.String()!, Involvement = r.String(), Count = r.Int(), Description = r.Text() };
            }

            acts[i] = new Act { Id = actId, VictimId = victimId, Violations = violations, Perpetrators = Exact(perpetrators), Consequences = r.Strings(), ConsequencesNote = r.Text() };
        }

        var sources = new Source[r.Count()];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = new Source { Type = r.String()!, Reliability = r.String(), Date = r.DateOrNull(), Description = r.Text() };
        }

        var interventions = new Intervention[r.Count()];
        for (var i = 0; i < interventions.Length; i++)
        {
            interventions[i] = new Intervention { Type = r.String()!, Date = r.DateOrNull(), Response = r.String(), Note = r.Text() };
        }

        var files = new EvidenceFile[r.Count()];
        for (var i = 0; i < files.Length; i++)
        {
            files[i] = new EvidenceFile { Id = r.Guid(), FileName = r.Text() ?? "", ContentType = r.String()!, Size = r.Long(), Sha256 = r.String()!, UploadedAt = r.Instant() };
            if (version >= Version2)
            {
                files[i] = files[i] with { DerivedFrom = r.Byte() == 1 ? r.Guid() : null, Derivation = r.String() };
            }
        }

        HateCrimeAssessment? hateCrime = r.Byte() == 1
            ? new HateCrimeAssessment { CriminalOffence = r.Byte() == 1, BiasIndicators = r.Strings(), PublicSummary = r.Text() }
            : null;
        var createdAt = r.Instant();
        var updatedAt = r.Instant();
        var reference = version >= Version3 ? r.Text() : null;
        Guid? batch = version >= Version3 && r.Byte() == 1 ? r.Guid() : null;
        return new CaseRecord
        {
            Id = id,
            Reference = reference,
            ImportBatch = batch,
            OrganisationId = org,
            Title = title,
            Narrative = narrative,
            Date = date,
            Place = place,
            Status = status,
            Victims = Exact(victims),
            Acts = Exact(acts),
            Sources = Exact(sources),
            Interventions = Exact(interventions),
            Files = Exact(files),
            HateCrime = hateCrime,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
    }

    /// <summary>
    /// The incident date, and whether the region is <paramref name="region"/> (UTF-8; empty asks nothing), read from
    /// the head of the bytes without building anything: what a case list filters and sorts most requests on.
    /// </summary>
    public static IncidentDate DateOf(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> region, out bool inRegion)
    {
        var r = new Reader(bytes, codedOnly: true);
        if (r.Byte() is not (Version1 or Version2 or Version3))
        {
            throw new InvalidDataException("Unknown case format.");
        }

        r.Skip(32);
        r.Text();
        r.Text();
        var date = new IncidentDate((DatePrecision)r.Byte(), r.Date(), r.Date());
        r.Text();
        var code = r.Code();
        inRegion = region.IsEmpty || (code.Present && code.Utf8.SequenceEqual(region));
        return date;
    }

    /// <summary>
    /// Hands the coded facts of a case to <paramref name="facts"/> as UTF-8 codes, in the order they are stored, up to
    /// and including its interventions (or only up to its victims), building nothing: for passes over a million cases that
    /// need a few codes each (the de-identified file). Must follow <see cref="Read(ReadOnlySpan{byte})"/> field for field;
    /// a test compares the two on every field the walk reports.
    /// </summary>
    public static void Walk<T>(ReadOnlySpan<byte> bytes, ref T facts, bool victimsOnly = false)
        where T : struct, ICodedFacts
    {
        var r = new Reader(bytes, codedOnly: true);
        if (r.Byte() is not (Version1 or Version2 or Version3))
        {
            throw new InvalidDataException("Unknown case format.");
        }

        r.Skip(32);
        r.Text();
        r.Text();
        var precision = (DatePrecision)r.Byte();
        var from = r.Date();
        facts.Date(precision, from, r.Date());
        r.Text();
        var region = r.Code();
        facts.Place(region, r.Code());
        r.Text();
        facts.Status((CaseStatus)r.Byte());
        for (var victims = r.Count(); victims > 0; victims--)
        {
            r.Skip(16);
            r.Text();
            var age = r.Int();
            var band = r.Code();
            var orientation = r.Code();
            var identity = r.Code();
            var expression = r.Code();
            var characteristics = r.Code();
            facts.Victim(age, band, orientation, identity, expression, characteristics, r.Code());
            r.Text();
            for (var consents = r.Count(); consents > 0; consents--)
            {
                var use = r.Code();
                var granted = r.Byte() == 1;
                facts.Consent(use, granted, r.Date());
                r.Text();
            }
        }

        if (victimsOnly)
        {
            return;
        }

        for (var acts = r.Count(); acts > 0; acts--)
        {
            facts.Act();
            r.Skip(32);
            for (var violations = r.Count(); violations > 0; violations--)
            {
                facts.Violation(r.Code());
            }

            for (var perpetrators = r.Count(); perpetrators > 0; perpetrators--)
            {
                facts.Perpetrator(r.Code());
                r.Text();
                r.Int();
                r.Text();
            }

            for (var consequences = r.Count(); consequences > 0; consequences--)
            {
                r.Text();
            }

            r.Text();
        }

        for (var sources = r.Count(); sources > 0; sources--)
        {
            r.Text();
            r.Text();
            r.Count();
            r.Text();
        }

        for (var interventions = r.Count(); interventions > 0; interventions--)
        {
            var type = r.Code();
            r.Count();
            facts.Intervention(type, r.Code());
            r.Text();
        }
    }

    private static ConsentGrant[] Consents(ref Reader r)
    {
        var consents = new ConsentGrant[r.Count()];
        for (var i = 0; i < consents.Length; i++)
        {
            consents[i] = new ConsentGrant { Use = r.String()!, Granted = r.Byte() == 1, Date = r.Date(), Method = r.String()! };
        }

        return Exact(consents);
    }

    /// <summary>Empty lists share one instance, as the records' defaults do.</summary>
    private static T[] Exact<T>(T[] items) => items.Length == 0 ? [] : items;

    private readonly struct Writer(ArrayBufferWriter<byte> buffer)
    {
        public byte[] ToArray() => buffer.WrittenSpan.ToArray();

        public void Byte(byte value)
        {
            buffer.GetSpan(1)[0] = value;
            buffer.Advance(1);
        }

        public void Guid(Guid value)
        {
            value.TryWriteBytes(buffer.GetSpan(16));
            buffer.Advance(16);
        }

        public void Long(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
            buffer.Advance(8);
        }

        /// <summary>Unsigned LEB128: small counts and lengths take one byte.</summary>
        public void Count(int value)
        {
            var v = (uint)value;
            while (v >= 0x80)
            {
                Byte((byte)(v | 0x80));
                v >>= 7;
            }

            Byte((byte)v);
        }

        public void Int(int? value) => Count(value is { } v ? v + 1 : 0);

        public void Date(DateOnly value) => Count(value.DayNumber);

        public void Date(DateOnly? value) => Count(value is { } v ? v.DayNumber + 1 : 0);

        public void Instant(DateTimeOffset value)
        {
            Long(value.UtcTicks);
            Count((int)value.Offset.TotalMinutes + 1440);
        }

        /// <summary>Length + 1, then UTF-8; 0 is null.</summary>
        public void String(string? value)
        {
            if (value is null)
            {
                Count(0);
                return;
            }

            var length = Encoding.UTF8.GetByteCount(value);
            Count(length + 1);
            Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
            buffer.Advance(length);
        }

        public void Strings(IReadOnlyList<string> values)
        {
            Count(values.Count);
            foreach (var value in values)
            {
                String(value);
            }
        }

        public void List<T>(IReadOnlyList<T> items, Action<Writer, T> write)
        {
            Count(items.Count);
            foreach (var item in items)
            {
                write(this, item);
            }
        }
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes, bool codedOnly = false)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        public byte Byte() => _bytes[_at++];

        public void Skip(int count) => _at += count;

        /// <summary>A string's UTF-8 bytes where it lies, without making a string.</summary>
        public Utf8Code Code()
        {
            var length = Count() - 1;
            if (length < 0)
            {
                return default;
            }

            var utf8 = _bytes.Slice(_at, length);
            _at += length;
            return new Utf8Code(utf8, true);
        }

        public Guid Guid()
        {
            var value = new Guid(_bytes.Slice(_at, 16));
            _at += 16;
            return value;
        }

        public long Long()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_bytes[_at..]);
            _at += 8;
            return value;
        }

        public int Count()
        {
            uint value = 0;
            var shift = 0;
            byte b;
            do
            {
                b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);
            return (int)value;
        }

        public int? Int() => Count() is var v and > 0 ? v - 1 : null;

        public DateOnly Date() => DateOnly.FromDayNumber(Count());

        public DateOnly? DateOrNull() => Count() is var v and > 0 ? DateOnly.FromDayNumber(v - 1) : null;

        public DateTimeOffset Instant()
        {
            var ticks = Long();
            var offset = TimeSpan.FromMinutes(Count() - 1440);
            return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
        }

        public string? String()
        {
            var length = Count() - 1;
            if (length < 0)
            {
                return null;
            }

            var utf8 = _bytes.Slice(_at, length);
            _at += length;
            return SharedCodes.Get(utf8);
        }

        /// <summary>A free text: skipped (null) when reading coded facts only.</summary>
        public string? Text()
        {
            if (!codedOnly)
            {
                return String();
            }

            var length = Count() - 1;
            _at += Math.Max(0, length);
            return null;
        }

        public string[] Strings()
        {
            var values = new string[Count()];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = String()!;
            }

            return Exact(values);
        }
    }
}
