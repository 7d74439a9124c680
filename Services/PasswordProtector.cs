using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Nop.Plugin.Misc.Smtp.Services;

/// <summary>
/// Encrypts the SMTP password at rest with ASP.NET Core Data Protection, which nopCommerce configures and whose keys
/// it keeps under App_Data. Authenticated encryption: a tampered or foreign value fails to decrypt instead of
/// decrypting to garbage.
/// </summary>
public sealed class PasswordProtector
{
    private readonly IDataProtector _protector;

    // The last value decrypted: every email checks the stored password, and authenticated decryption (key
    // derivation and HMAC) would otherwise cost more than the rest of a pooled send.
    // A reference, so that readers on other threads see a matching pair.
    private Decrypted _lastUnprotected;

    public PasswordProtector(IDataProtectionProvider provider)
    {
        _protector = provider.CreateProtector(SmtpDefaults.PasswordProtectionPurpose);
    }

    /// <summary>
    /// Encrypts a password; an empty one stays empty.
    /// </summary>
    public string Protect(string password)
    {
        return string.IsNullOrEmpty(password) ? string.Empty : _protector.Protect(password);
    }

    /// <summary>
    /// Decrypts a stored password. False when it cannot be decrypted (keys lost, value edited by hand): the admin
    /// has to enter it again.
    /// </summary>
    public bool TryUnprotect(string protectedPassword, out string password)
    {
        password = string.Empty;
        if (string.IsNullOrEmpty(protectedPassword))
            return true;

        var last = Volatile.Read(ref _lastUnprotected);
        if (last != null && string.Equals(last.Protected, protectedPassword, StringComparison.Ordinal))
        {
            password = last.Plain;
            return true;
        }

        try
        {
            password = _protector.Unprotect(protectedPassword);
            Volatile.Write(ref _lastUnprotected, new Decrypted(protectedPassword, password));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed record Decrypted(string Protected, string Plain);
}
