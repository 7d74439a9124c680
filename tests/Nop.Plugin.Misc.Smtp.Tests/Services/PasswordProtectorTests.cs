using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Nop.Plugin.Misc.Smtp.Services;

namespace Nop.Plugin.Misc.Smtp.Tests.Services;

public class PasswordProtectorTests
{
    private readonly PasswordProtector _protector = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void Protect_StoresNeitherThePlaintextNorItsBase64()
    {
        const string password = "S3cret-pass!";

        var stored = _protector.Protect(password);

        Assert.DoesNotContain(password, stored);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), stored);
    }

    [Fact]
    public void TryUnprotect_RoundTripsTheStoredPassword()
    {
        var stored = _protector.Protect("S3cret-pass!");

        Assert.True(_protector.TryUnprotect(stored, out var password));
        Assert.Equal("S3cret-pass!", password);
    }

    [Fact]
    public void TryUnprotect_WithATamperedValue_FailsInsteadOfReturningGarbage()
    {
        var stored = _protector.Protect("S3cret-pass!");
        var tampered = stored[..^4] + (stored[^4] == 'A' ? "B" : "A") + stored[^3..];

        Assert.False(_protector.TryUnprotect(tampered, out var password));
        Assert.Equal(string.Empty, password);
    }

    [Fact]
    public void TryUnprotect_WithAValueFromOtherKeys_Fails()
    {
        var foreign = new PasswordProtector(new EphemeralDataProtectionProvider()).Protect("S3cret-pass!");

        Assert.False(_protector.TryUnprotect(foreign, out _));
    }

    [Fact]
    public void EmptyPassword_StaysEmptyBothWays()
    {
        Assert.Equal(string.Empty, _protector.Protect(null));
        Assert.True(_protector.TryUnprotect(string.Empty, out var password));
        Assert.Equal(string.Empty, password);
    }

    [Fact]
    public void TryUnprotect_AfterThePasswordChanged_ReturnsTheNewOne()
    {
        var first = _protector.Protect("first-pass");
        var second = _protector.Protect("second-pass");

        Assert.True(_protector.TryUnprotect(first, out var one));
        Assert.True(_protector.TryUnprotect(second, out var two));
        Assert.True(_protector.TryUnprotect(first, out var again));

        Assert.Equal(("first-pass", "second-pass", "first-pass"), (one, two, again));
    }
}
