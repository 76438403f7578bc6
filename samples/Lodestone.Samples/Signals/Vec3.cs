namespace Lodestone.Samples;

/// <summary>A field or position vector in the site frame: x north, y east, z down (nT or metres).</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator *(double k, Vec3 a) => new(k * a.X, k * a.Y, k * a.Z);

    public double Dot(Vec3 o) => X * o.X + Y * o.Y + Z * o.Z;
    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);
    public Vec3 Normalized => (1.0 / Length) * this;
    public Vec3 Cross(Vec3 o) => new(Y * o.Z - Z * o.Y, Z * o.X - X * o.Z, X * o.Y - Y * o.X);
}
