namespace Dalel.Core;

/// <summary>An expected failure. Hosts map each kind to a message in one place; exceptions are for bugs.</summary>
public abstract record Error;

public sealed record NotFound : Error;

public sealed record Forbidden : Error;

public sealed record VaultSealed : Error;

public sealed record WrongPassphrase : Error;

public sealed record BadCredentials : Error;

public sealed record LockedOut(DateTimeOffset Until) : Error;

/// <summary>The password was right and the member uses a second factor: the code is asked for.</summary>
public sealed record SecondFactorRequired : Error;

/// <summary>The record changed since the user loaded it; their input is kept so nothing is lost.</summary>
public sealed record EditConflict : Error;

public sealed record AlreadyExists(string Field) : Error;

public sealed record Invalid(IReadOnlyList<FieldError> Errors) : Error
{
    public static Invalid One(string field, string messageKey, params string[] args) => new([new FieldError(field, messageKey, args)]);
}

/// <summary>A problem with one input field. <paramref name="MessageKey"/> names a text in every UI language.</summary>
public sealed record FieldError(string Field, string MessageKey, IReadOnlyList<string> Args)
{
    public FieldError(string field, string messageKey) : this(field, messageKey, []) { }

    public FieldError(string field, string messageKey, string arg, params string[] more) : this(field, messageKey, [arg, .. more]) { }
}

public readonly struct Result<T>
{
    private readonly T? _value;

    public Result(T value) { _value = value; Error = null; }

    public Result(Error error) { _value = default; Error = error; }

    public Error? Error { get; }

    public bool IsOk => Error is null;

    public T Value => IsOk ? _value! : throw new InvalidOperationException($"No value: {Error!.GetType().Name}");

    public static implicit operator Result<T>(T value) => new(value);

    public static implicit operator Result<T>(Error error) => new(error);
}

/// <summary>The value of a use case that succeeds with nothing to return.</summary>
public readonly record struct Done
{
    public static readonly Done Value;
}
