using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Models;
using Nop.Plugin.Misc.Smtp.Services;
using Nop.Services.Localization;

namespace Nop.Plugin.Misc.Smtp.Factories;

/// <summary>
/// Turns a test send's outcome into the result panel's model, with localized diagnosis and hints.
/// </summary>
public sealed class TestSendResultModelFactory
{
    private readonly ILocalizationService _localizationService;

    public TestSendResultModelFactory(ILocalizationService localizationService)
    {
        _localizationService = localizationService;
    }

    /// <summary>
    /// The result of a send that was made (successful or not).
    /// </summary>
    public async Task<TestSendResultModel> PrepareResultModelAsync(TestSendOutcome outcome, SmtpSettings testedSettings)
    {
        ArgumentNullException.ThrowIfNull(outcome);

        var (diagnosisKey, hintKey) = TestSendDiagnosis.GetTextKeys(outcome.Problem);
        var session = outcome.Session;
        var certificate = outcome.Certificate;
        var failure = outcome.Failure;

        return new TestSendResultModel
        {
            Success = outcome.Success,
            Title = await _localizationService.GetResourceAsync(outcome.Success
                ? "Plugins.Misc.Smtp.TestSend.Succeeded"
                : "Plugins.Misc.Smtp.TestSend.Failed"),
            ElapsedMs = (long)outcome.Elapsed.TotalMilliseconds,
            Server = outcome.Server,
            Greeting = session?.Greeting ?? FindGreeting(outcome.Transcript),
            TlsProtocol = session?.TlsProtocol,
            TlsCipherSuite = session?.TlsCipherSuite,
            CertificateSubject = certificate?.Subject,
            CertificateIssuer = certificate?.Issuer,
            CertificateNotAfter = certificate?.NotAfterUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            CertificateThumbprint = certificate?.Thumbprint,
            // "Accept any" let a certificate with errors through: pinning it keeps the session safe from anyone else.
            CanPin = certificate != null && (TestSendDiagnosis.CanPin(outcome.Problem)
                || outcome.Success && testedSettings?.CertificateCheck == CertificateCheck.AcceptAny && session?.CertificateNote != null),
            CertificateNote = session?.CertificateNote,
            AuthMechanism = session?.AuthMechanism,
            ServerReply = outcome.Success
                ? outcome.Delivery?.ServerReply
                : failure?.ReplyCode is { } code ? $"{code} {failure.ServerReply}" : failure?.ServerReply,
            QueueId = outcome.Delivery?.QueueId,
            Transcript = outcome.Transcript,
            Problem = outcome.Problem.ToString(),
            Diagnosis = await _localizationService.GetResourceAsync(diagnosisKey),
            Hint = await _localizationService.GetResourceAsync(hintKey),
            ProviderNote = await GetProviderNoteAsync(outcome.Problem, testedSettings),
            Error = failure?.Message
        };
    }

    /// <summary>
    /// The answer when the admin has used up the test sends of the last minute.
    /// </summary>
    public async Task<TestSendResultModel> PrepareRateLimitedModelAsync()
    {
        return new TestSendResultModel
        {
            Title = await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.RateLimited"),
            Problem = "RateLimited",
            Diagnosis = string.Format(await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.RateLimited.Hint"),
                SmtpDefaults.TestSendsPerWindow)
        };
    }

    /// <summary>
    /// The answer when the form has errors: nothing was sent; the errors go next to their fields.
    /// </summary>
    public async Task<TestSendResultModel> PrepareInvalidFormModelAsync(ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(modelState);

        return new TestSendResultModel
        {
            Title = await _localizationService.GetResourceAsync("Plugins.Misc.Smtp.TestSend.InvalidForm"),
            Problem = "InvalidForm",
            FieldErrors = modelState
                .Where(entry => entry.Value?.Errors.Count > 0)
                .ToDictionary(entry => entry.Key, entry => entry.Value.Errors.Select(error => error.ErrorMessage).ToArray())
        };
    }

    private async Task<string> GetProviderNoteAsync(TestSendProblem problem, SmtpSettings settings)
    {
        if (problem is not (TestSendProblem.AuthenticationFailed or TestSendProblem.AuthenticationNotOffered))
            return null;

        var preset = SmtpProviderPresets.Find(settings?.ProviderPreset);
        if (preset == null || preset.Key == SmtpProviderPresets.CustomKey)
            return null;

        return await _localizationService.GetResourceAsync(preset.NoteResourceKey);
    }

    private static string FindGreeting(string transcript)
    {
        return transcript?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("S: 220", StringComparison.Ordinal))?[3..];
    }
}
