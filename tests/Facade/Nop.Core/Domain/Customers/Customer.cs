namespace Nop.Core.Domain.Customers;

public partial class Customer : BaseEntity
{
    public string Email { get; set; }
}
