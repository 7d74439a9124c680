namespace Nop.Core;

public abstract partial class BaseEntity
{
    public int Id { get; set; }
}
