using System.Collections.Concurrent;
using Nop.Plugin.Misc.Smtp.Domain;
using Nop.Plugin.Misc.Smtp.Services;
using Xunit;
using Xunit.Abstractions;
using Nop.Plugin.Misc.Smtp.Tests.Infrastructure;

namespace Nop.Plugin.Misc.Smtp.Tests.Hardening;

/// <summary>
/// 1,000 emails from 8 concurrent callers against a server that fails about 10% of transactions with 4xx and drops about
/// 2% of connections (seeded): every email is accounted for, none is delivered twice, nothing deadlocks, and the pool
/// never opens more connections than its maximum.
/// </summary>
public sealed class LoadTests
{
    private const int Emails = 1000;
    private const int Callers = 8;
    private const int MaxConnections = 4;

    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private sealed class FlakyScript
    {
        private static readonly string[] _steps = ["MAIL", "RCPT", "DATA", "DOT"];
        private readonly Random _random = new(20261203);
        private readonly ConcurrentDictionary<int, (string Step, FaultAction Action)> _plans = new();

        public int Faults4xx;
        public int Drops;

        public FaultAction Decide(FaultStep step)
        {
            if (step.Step == "MAIL")
            {
                double roll;
                int at;
                lock (_random)
                {
                    roll = _random.NextDouble();
                    at = _random.Next(_steps.Length);
                }

                var plan = roll switch
                {
                    < 0.10 => (_steps[at], FaultAction.Respond(_steps[at] switch
                    {
                        "MAIL" => "451 4.3.0 Temporary sender failure",
                        "RCPT" => "450 4.2.1 Mailbox temporarily unavailable",
                        "DATA" => "451 4.3.0 Try again later",
                        _ => "451 4.7.1 Greylisted, try again later"
                    })),
                    < 0.12 => (_steps[at], FaultAction.Disconnect),
                    _ => (null, null)
                };
                if (plan.Item2 == FaultAction.Disconnect)
                    Interlocked.Increment(ref Drops);
                else if (plan.Item2 != null)
                    Interlocked.Increment(ref Faults4xx);

                _plans[step.Session] = plan;
            }

            return _plans.TryGetValue(step.Session, out var current) && current.Step == step.Step ? current.Action : null;
        }
    }

    [Fact]
    public async Task Send_ThousandEmailsFromEightCallersAgainstAFlakyServer_AccountsForEveryEmailAndNeverSendsTwice()
    {
        var script = new FlakyScript();
        await using var server = new FaultSmtpServer(script.Decide);
        await using var harness = new SenderHarness().UseServer(server.Port, timeoutSeconds: 30);
        harness.Settings.MaxConnections = MaxConnections;

        var outcomes = new ConcurrentDictionary<string, SmtpSendException>();
        var succeeded = new ConcurrentBag<string>();
        var next = -1;
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Emails)
            {
                var token = $"LOAD-{i:D4}";
                try
                {
                    await harness.SendAsync(subject: token, to: $"customer{i}@example.com");
                    succeeded.Add(token);
                }
                catch (SmtpSendException failure)
                {
                    outcomes[token] = failure;
                }
            }
        })).ToList();

        // A correctness bound against deadlock, not a speed target.
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(5));

        var received = server.Messages.GroupBy(message => message.Parse().Subject).ToDictionary(group => group.Key, group => group.ToList());
        var logged = harness.Log.Entries.GroupBy(entry => entry.Subject).ToDictionary(group => group.Key, group => group.ToList());
        var unknown = outcomes.Where(pair => pair.Value.Reason == SmtpFailureReason.OutcomeUnknown).Select(pair => pair.Key).ToHashSet();

        Assert.Equal(Emails, succeeded.Count + outcomes.Count);
        Assert.Equal(Emails, harness.Log.Entries.Count);
        for (var i = 0; i < Emails; i++)
        {
            var token = $"LOAD-{i:D4}";
            var copies = received.GetValueOrDefault(token) ?? [];
            var entry = Assert.Single(logged[token]);

            // Never delivered twice: the server saw the whole content of each email at most once.
            Assert.True(copies.Count <= 1, $"{token} reached the server {copies.Count} times.");
            if (succeeded.Contains(token))
            {
                Assert.True(copies.Single().Accepted, $"{token} was reported sent but the server did not accept it.");
                Assert.Equal(SendStatus.Sent, entry.Status);
            }
            else if (unknown.Contains(token))
            {
                Assert.DoesNotContain(copies, copy => copy.Accepted);
                Assert.Equal(SendStatus.Unknown, entry.Status);
            }
            else
            {
                Assert.DoesNotContain(copies, copy => copy.Accepted);
                Assert.Equal(SendStatus.Failed, entry.Status);
                Assert.Equal((int)outcomes[token].Reason, entry.FailureReasonId);
            }
        }

        Assert.Equal(succeeded.Count, server.Accepted.Count());
        Assert.True(server.PeakConnections <= MaxConnections, $"The server saw {server.PeakConnections} connections at once.");
        Assert.True(harness.Pool.PeakConnections <= MaxConnections, $"The pool had {harness.Pool.PeakConnections} connections at once.");
        Assert.True(outcomes.Count > 0 && script.Faults4xx > 0 && script.Drops > 0, "The fault injection did not run.");

        _output.WriteLine($"sent {succeeded.Count}, failed {outcomes.Count - unknown.Count}, outcome unknown {unknown.Count}; " +
            $"server: {server.ConnectionCount} connections, peak {server.PeakConnections}; pool peak {harness.Pool.PeakConnections}; " +
            $"injected {script.Faults4xx} 4xx and {script.Drops} drops");
    }
}
