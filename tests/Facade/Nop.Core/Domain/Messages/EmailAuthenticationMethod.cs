namespace Nop.Core.Domain.Messages;

public enum EmailAuthenticationMethod
{
    None = 0,
    Ntlm = 5,
    Login = 10,
    GmailOAuth2 = 15,
    MicrosoftOAuth2 = 20
}
